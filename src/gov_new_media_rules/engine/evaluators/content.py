"""Content: prohibited categories, where reposts come from, review before publishing.

All three look at the posts of the evaluation window — from ``context.window_start`` (the latest
of the window start, the account's opening and the day the rule came into force) to ``as_of`` —
and give one finding per account for the window.

Interpretations implemented (each recorded on the rules):

- ``content_prohibition``: the facts declare each post's content categories (``tags``); a post
  breaks the rule when one of its tags is a banned category *or a narrower category of one*
  (``model/taxonomy.toml``: a ban on ``prohibited_by_law`` covers ``rumour``, ``state_secret`` …),
  whether it is original or a repost (Zezhou: "严禁发布或转发未经证实的信息"). The finding cites the
  clause of each deciding category, most specific first (a source's ``covers``; a tag with no
  covering source of its own is cited by the clause of its nearest banned broader category), the
  rule's lead-in last. The library does not classify text: posts are taken as tagged. Changchun
  第十五条.(十二) excepts matters put out for public consultation; per its interpretation such posts
  are not tagged ``undecided_administrative_matter`` by the facts' provider. A post whose ``tags``
  are absent is unclassified and may carry any category: while any post of the window is
  unclassified and no classified post offends, the finding is ``insufficient_data`` (missing:
  ``tags``); a violation found among the classified posts stands whatever the others carry. A post
  tagged only with a category *broader* than a banned one (``harmful_information`` under a ban on
  ``state_secret``) may or may not be of the banned kind (the facts tag the most specific category
  known), so it is unknown the same way.
- ``repost_sources``: every post that is not ``original`` is a repost. Its declared
  ``repost_source`` is allowed when it or a broader kind is in ``allowed`` (the taxonomy: a source
  designated by the publicity and cyberspace departments is a source designated by the competent
  departments); a kind that only *may* fall inside an allowed one (a Party newspaper, central
  mainstream media, under a rule allowing designated sources) cannot be judged from the kind; a
  repost with no declared source is unknown. Any disallowed repost: violation; else any unknown or
  undetermined repost: ``insufficient_data`` naming what is missing; else compliant.
- ``review_workflow``: "先审后发" — every post of the window has a review not later than its
  publication. Times are compared at the finest precision both have: when the review and the post
  fall on one day and either is known only to the day, their order is unknown, and a post whose
  verdict turns on it is ``insufficient_data`` (never counted as reviewed first). With
  ``stages`` (Zezhou 三审, Huzhou 一审/二审/三审, Huzhou's stage-4 platform risk check) every post
  needs a review at each listed stage, each not later than publication and the stages completed in
  order (stage 1 not later than stage 2, …): the stages are successive by their names (初审, 复审,
  终审) and Huzhou's interpretation says so. ``after_stages`` puts stages of another rule's scheme
  before the rule's own (Huzhou 9.2.3: the platform check of "经审核后的待发信息" follows 三审). Zezhou's 三校 (proofreads), the review elements
  (政治关 …, Huzhou's seven elements) and Changchun's sign-off tiers have no fact (no importance grade
  of a post is recorded): they are listed as not evaluated. When no post of the window has any
  review record, the facts carry no review data: ``insufficient_data``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Iterator, Sequence
from typing import Any

from ...composition import EffectiveRule
from ...dates import _parse_string, to_shanghai_date
from ...facts.model import Post
from ...model.params import RuleKind
from ...model.labels import CONTENT_TAG_ZH, REPOST_SOURCE_ZH
from ...model.taxonomy import CONTENT, REPOST
from ..context import AccountView, EvaluationContext, category_citations, make_finding
from ..findings import Finding, Status
from ..registry import account_evaluator

_CAP = 20  # longest list of posts a finding's figures carry; the counts are always given
_EIGHT_HOURS = dt.timezone(dt.timedelta(hours=8))


def post_ref(post: Post) -> str:
    """How a finding names a post: its id, else its publication time as given."""
    return post.id or post.published_at or post.published_on.isoformat()


class _Window:
    """The posts an account published from the first day judged to ``as_of``.

    Most posts carry only a timestamp and an "original" flag; only the detailed ones (tags,
    reviews, a repost source, an id) are looked at one by one, the others are counted from the
    sorted day ordinals the view keeps. So the work per account grows with its detailed posts.
    """

    __slots__ = ("start", "count", "first", "detailed")

    def __init__(self, rule: EffectiveRule, view: AccountView, context: EvaluationContext) -> None:
        self.start = context.window_start(view, rule)
        days = view.post_days  # posts on or before as_of, sorted
        self.first = bisect.bisect_left(days, self.start.toordinal())
        self.count = len(days) - self.first
        detailed = view.detailed_posts
        self.detailed: Sequence[Post] = detailed[bisect.bisect_left(detailed, self.start, key=_day):] if detailed else ()

    def originals(self, view: AccountView) -> int:
        days = view.original_days
        return len(days) - bisect.bisect_left(days, self.start.toordinal())

    def posts(self, view: AccountView) -> Sequence[Post]:
        """Every post of the window as an object: only for the rare report that lists plain posts."""
        return view.posts[self.first:]


def _day(post: Post) -> dt.date:
    return post.published_on


def _not_in_force(rule: EffectiveRule, view: AccountView, context: EvaluationContext, start: dt.date) -> Finding:
    return make_finding(
        rule, view.id, Status.NOT_APPLICABLE,
        f"评估窗口为空：本条或账号自{start.isoformat()}起才适用，晚于评估日{context.as_of.isoformat()}。",
        f"Empty window: the rule or the account starts on {start.isoformat()}, after {context.as_of.isoformat()}.",
        figures={"window_start": start.isoformat()},
    )


def _zh_list(values: Sequence[Any], labels: dict[str, str]) -> str:
    return "、".join(labels.get(str(v), str(v)) for v in values)


def _broader_than_banned(tag: str, categories: Sequence[str]) -> bool:
    """Is ``tag`` a strictly broader category of one the rule bans (so the post may be of it)?"""
    return any(tag != banned and tag in CONTENT.ancestors(banned) for banned in categories)


@account_evaluator(RuleKind.CONTENT_PROHIBITION)
def content_prohibition(rule: EffectiveRule, view: AccountView, context: EvaluationContext) -> Iterator[Finding]:
    categories = tuple(str(c) for c in rule.rule.params.categories)
    window = _Window(rule, view, context)
    start, count = window.start, window.count
    if start > context.as_of:
        yield _not_in_force(rule, view, context, start)
        return
    period = f"{start.isoformat()}/{context.as_of.isoformat()}"
    tagged = [p for p in window.detailed if p.tags is not None]  # classified, possibly as clean
    # A post's tag is banned when the rule bans it or a broader category of it (the taxonomy).
    offending: list[tuple[Post, list[str], list[str]]] = []
    for post in tagged:
        banned = [str(t) for t in post.tags if CONTENT.covered(str(t), categories)]
        if banned:
            offending.append((post, banned, [CONTENT.covered(t, categories)[0] for t in banned]))
    untagged = count - len(tagged)
    # A tag broader than a banned category says the post is of that broad kind, not which narrower
    # one (the facts tag the most specific category known): a post tagged only
    # ``harmful_information`` may or may not be a state secret.
    offended = {id(p) for p, _, _ in offending}
    vague = [p for p in tagged if id(p) not in offended and any(_broader_than_banned(str(t), categories) for t in p.tags)]
    figures: dict[str, Any] = {
        "categories": list(categories),
        "posts": count,
        "tagged_posts": len(tagged),
        "untagged_posts": untagged,
    }
    window_zh = f"{start.isoformat()}至{context.as_of.isoformat()}期间"
    window_en = f"between {start.isoformat()} and {context.as_of.isoformat()}"
    if offending:
        found: list[str] = []
        for _, banned, _ in offending:
            found.extend(t for t in banned if t not in found)
        figures["offending_posts"] = len(offending)
        figures["categories_found"] = found
        figures["offending"] = [
            {"post": post_ref(p), "categories": banned, "banned_as": as_}
            for p, banned, as_ in offending[:_CAP]
        ]
        shown = "、".join(post_ref(p) for p, _, _ in offending[:_CAP])
        more = f"等{len(offending)}条" if len(offending) > _CAP else f"共{len(offending)}条"
        via_zh = [
            f"{CONTENT_TAG_ZH.get(t, t)}（属{CONTENT_TAG_ZH.get(b, b)}）" if b != t else CONTENT_TAG_ZH.get(t, t)
            for t, b in ((t, CONTENT.covered(t, categories)[0]) for t in found)
        ]
        via_en = [
            f"{t} (a kind of {b})" if b != t else t
            for t, b in ((t, CONTENT.covered(t, categories)[0]) for t in found)
        ]
        yield make_finding(
            rule, view.id, Status.VIOLATION,
            f"{window_zh}发布了禁止发布的内容（{'、'.join(via_zh)}）：{shown}，{more}。",
            f"{len(offending)} post(s) {window_en} carried prohibited content ({', '.join(via_en)}): "
            f"{', '.join(post_ref(p) for p, _, _ in offending[:_CAP])}.",
            period=period,
            figures=figures,
            cite=category_citations(rule, found),
        )
    elif not count:
        yield make_finding(
            rule, view.id, Status.COMPLIANT,
            f"{window_zh}无发布，无禁止内容。",
            f"No posts {window_en}: nothing prohibited was published.",
            period=period,
            figures=figures,
        )
    elif untagged:
        # An unclassified post may carry any category, so the verdict depends on what is unknown.
        figures["missing"] = ["posts[].tags"]
        clean_zh = f"已标注类别的{len(tagged)}条发布不含禁止内容，但" if tagged else ""
        clean_en = f"The {len(tagged)} classified post(s) carry nothing prohibited, but " if tagged else ""
        yield make_finding(
            rule, view.id, Status.INSUFFICIENT_DATA,
            f"{window_zh}{clean_zh}有{untagged}条发布未标注内容类别（缺少 tags），无法判断是否含禁止内容。",
            f"{clean_en}{untagged} of the {count} posts {window_en} declare no content tags (missing: tags): "
            "prohibited content cannot be judged.",
            period=period,
            figures=figures,
        )
    elif vague:
        broad = sorted({str(t) for p in vague for t in p.tags if _broader_than_banned(str(t), categories)})
        figures["missing"] = ["posts[].tags"]
        figures["broader_tags"] = broad
        figures["vague_posts"] = [post_ref(p) for p in vague[:_CAP]]
        yield make_finding(
            rule, view.id, Status.INSUFFICIENT_DATA,
            f"{window_zh}有{len(vague)}条发布只标注了较宽的类别（{_zh_list(broad, CONTENT_TAG_ZH)}），"
            f"未标明是否属于本条禁止的{_zh_list(categories, CONTENT_TAG_ZH)}，无法判断：{'、'.join(post_ref(p) for p in vague[:_CAP])}。",
            f"{len(vague)} post(s) {window_en} are tagged only with a broader category ({', '.join(broad)}) that "
            f"includes what this rule bans ({', '.join(categories)}), without saying which: it cannot be judged.",
            period=period,
            figures=figures,
        )
    else:
        yield make_finding(
            rule, view.id, Status.COMPLIANT,
            f"{window_zh}的{count}条发布均已标注类别，均不含禁止内容。",
            f"All {count} posts {window_en} are classified and none carries prohibited content.",
            period=period,
            figures=figures,
        )


@account_evaluator(RuleKind.REPOST_SOURCES)
def repost_sources(rule: EffectiveRule, view: AccountView, context: EvaluationContext) -> Iterator[Finding]:
    allowed = tuple(str(s) for s in rule.rule.params.allowed)
    window = _Window(rule, view, context)
    start = window.start
    if start > context.as_of:
        yield _not_in_force(rule, view, context, start)
        return
    period = f"{start.isoformat()}/{context.as_of.isoformat()}"
    reposts = window.count - window.originals(view)
    sourced = [p for p in window.detailed if not p.original and p.repost_source is not None]
    unknown = reposts - len(sourced)
    # A source kind is allowed when it or a broader kind is; a kind that only may fall inside an
    # allowed one (a Party newspaper may or may not be a designated source) cannot be judged.
    disallowed = [p for p in sourced if not REPOST.covered(str(p.repost_source), allowed)
                  and not REPOST.possibly(str(p.repost_source), allowed)]
    uncertain = [p for p in sourced if not REPOST.covered(str(p.repost_source), allowed)
                 and REPOST.possibly(str(p.repost_source), allowed)]
    figures: dict[str, Any] = {
        "allowed": list(allowed),
        "reposts": reposts,
        "unknown_source": unknown,
        "undetermined_source": len(uncertain),
        "disallowed": len(disallowed),
    }
    window_zh = f"{start.isoformat()}至{context.as_of.isoformat()}期间"
    window_en = f"between {start.isoformat()} and {context.as_of.isoformat()}"
    if disallowed:
        sources = sorted({str(p.repost_source) for p in disallowed})
        figures["sources_found"] = sources
        figures["disallowed_posts"] = [{"post": post_ref(p), "source": str(p.repost_source)} for p in disallowed[:_CAP]]
        yield make_finding(
            rule, view.id, Status.VIOLATION,
            f"{window_zh}有{len(disallowed)}条转载来自规定以外的来源（{_zh_list(sources, REPOST_SOURCE_ZH)}）："
            f"{'、'.join(post_ref(p) for p in disallowed[:_CAP])}。",
            f"{len(disallowed)} repost(s) {window_en} came from sources outside the allowed ones "
            f"({', '.join(sources)}): {', '.join(post_ref(p) for p in disallowed[:_CAP])}.",
            period=period,
            figures=figures,
        )
    elif not reposts:
        yield make_finding(
            rule, view.id, Status.COMPLIANT,
            f"{window_zh}无转载。",
            f"No reposts {window_en}.",
            period=period,
            figures=figures,
        )
    elif unknown or uncertain:
        missing = []
        parts_zh, parts_en = [], []
        if unknown:
            missing.append("posts[].repost_source")
            parts_zh.append(f"{unknown}条转载未注明来源（缺少 repost_source）")
            parts_en.append(f"{unknown} declare no source (missing: repost_source)")
        if uncertain:
            kinds = sorted({str(p.repost_source) for p in uncertain})
            targets = sorted({t for p in uncertain for t in REPOST.possibly(str(p.repost_source), allowed)})
            figures["undetermined_posts"] = [{"post": post_ref(p), "source": str(p.repost_source)} for p in uncertain[:_CAP]]
            missing.append("posts[].repost_source: " + " | ".join(targets))
            parts_zh.append(
                f"{len(uncertain)}条转载来自{_zh_list(kinds, REPOST_SOURCE_ZH)}，未说明该媒体是否属"
                f"{_zh_list(targets, REPOST_SOURCE_ZH)}（{'、'.join(post_ref(p) for p in uncertain[:_CAP])}）"
            )
            parts_en.append(
                f"{len(uncertain)} come from {', '.join(kinds)} without saying whether the outlet is a "
                f"{' or '.join(targets)} ({', '.join(post_ref(p) for p in uncertain[:_CAP])})"
            )
        figures["missing"] = missing
        known = reposts - unknown - len(uncertain)
        yield make_finding(
            rule, view.id, Status.INSUFFICIENT_DATA,
            f"{window_zh}的{reposts}条转载中，{known}条来自规定来源，{'；'.join(parts_zh)}，无法判断转载来源是否合规。",
            f"Of the {reposts} reposts {window_en}, {known} came from allowed sources; {'; '.join(parts_en)}: "
            "the sources cannot be judged.",
            period=period,
            figures=figures,
        )
    else:
        yield make_finding(
            rule, view.id, Status.COMPLIANT,
            f"{window_zh}的{reposts}条转载均来自规定来源。",
            f"All {reposts} reposts {window_en} came from allowed sources.",
            period=period,
            figures=figures,
        )


# -- review before publishing ---------------------------------------------------------------------

Moment = tuple[dt.date, int, Any]  # (Shanghai date, 0, 0) for a day; (Shanghai date, 1, aware datetime)


@functools.lru_cache(maxsize=65536)
def moment(text: str) -> Moment:
    """A review's or a post's time as given: a day, or an instant (naive = Asia/Shanghai).

    Sorting moments puts a day before the instants on that day, which is what makes the greedy
    choice of a stage's review in :func:`_stages_problem` right.
    """
    parsed = _parse_string(text)
    if not isinstance(parsed, dt.datetime):
        return (parsed, 0, 0)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=_EIGHT_HOURS)  # exact: every supported day is after 1991
    return (to_shanghai_date(parsed), 1, parsed)


def not_later(a: Moment, b: Moment, unknown: bool = True) -> bool:
    """Is ``a`` not later than ``b``? On one day, when either is known only to the day, the facts
    do not say: ``unknown`` is the answer taken then (True for the best case, False for the worst;
    :func:`_review_problem` tries both, so an unknown order is never guessed)."""
    if a[1] == 0 or b[1] == 0:
        if a[0] == b[0]:
            return unknown
        return a[0] < b[0]
    return a[2] <= b[2]  # type: ignore[no-any-return]


def _post_moment(post: Post) -> Moment:
    return moment(post.published_at) if post.published_at else (post.published_on, 0, 0)


def _stages_problem(post: Post, stages: tuple[int, ...], published: Moment,
                    unknown: bool = True) -> tuple[str, list[int]] | None:
    """Why a post's reviews do not cover ``stages`` in order before publication, or None, taking
    an order the facts do not give (one day, a time missing) as ``unknown``."""
    by_stage: dict[int, list[Moment]] = {}
    for review in post.reviews:
        by_stage.setdefault(review.stage, []).append(moment(review.at))
    missing = [s for s in stages if s not in by_stage]
    if missing:
        return "missing_stages", missing
    previous: Moment | None = None
    for stage in stages:
        in_time = [m for m in by_stage[stage] if not_later(m, published, unknown)]
        if not in_time:
            return "late", [stage]
        in_order = sorted(m for m in in_time if previous is None or not_later(previous, m, unknown))
        if not in_order:
            return "out_of_order", [stage]
        previous = in_order[0]
    return None


def _review_problem(post: Post, stages: tuple[int, ...]) -> tuple[str, list[int]] | None | bool:
    """A post's problem (certain whichever way an unknown order goes), None when it is reviewed in
    time however the unknown orders go, and False when the facts leave it open (a review and the
    post on one day, one of them without a time)."""
    published = _post_moment(post)
    if stages:
        best = _stages_problem(post, stages, published, True)
        if best is not None:
            return best
        return None if _stages_problem(post, stages, published, False) is None else False
    if not any(not_later(moment(r.at), published, True) for r in post.reviews):
        return "late", []
    return None if any(not_later(moment(r.at), published, False) for r in post.reviews) else False


_PROBLEM_ZH = {
    "no_review": "无审核记录",
    "late": "审核晚于发布",
    "missing_stages": "缺少审核环节",
    "out_of_order": "审核环节未按顺序完成",
}


@account_evaluator(RuleKind.REVIEW_WORKFLOW)
def review_workflow(rule: EffectiveRule, view: AccountView, context: EvaluationContext) -> Iterator[Finding]:
    params = rule.rule.params
    own = tuple(sorted({s.stage for s in params.stages}))
    # Stages this rule's must follow come first in the chain (湖州市 9.2.3: the third review).
    stages = (*sorted(set(params.after_stages) - set(own)), *own) if own else ()
    if not params.review_before_publish and not stages:
        return
    window = _Window(rule, view, context)
    start, count = window.start, window.count
    if start > context.as_of:
        yield _not_in_force(rule, view, context, start)
        return
    period = f"{start.isoformat()}/{context.as_of.isoformat()}"
    figures: dict[str, Any] = {"posts": count}
    if own:
        figures["stages"] = list(own)
    if own and params.after_stages:
        figures["after_stages"] = list(params.after_stages)
    not_evaluated = []
    if params.elements:
        not_evaluated.append("elements: review records carry no per-element results")
    if params.sign_off:
        not_evaluated.append("sign_off: facts carry no importance grade of a post, so sign-off tiers are not checkable")
    if not_evaluated:
        figures["not_evaluated"] = not_evaluated
    window_zh = f"{start.isoformat()}至{context.as_of.isoformat()}期间"
    window_en = f"between {start.isoformat()} and {context.as_of.isoformat()}"
    if not count:
        yield make_finding(
            rule, view.id, Status.COMPLIANT,
            f"{window_zh}无发布，无需审核。",
            f"No posts {window_en}: nothing needed review.",
            period=period,
            figures=figures,
        )
        return
    # Only detailed posts can carry reviews; every other post of the window has none.
    problems: dict[int, tuple[str, list[int]]] = {}  # id(post) -> problem, for reviewed posts
    open_posts: list[Post] = []  # reviewed on the day of publication, one of the two without a time
    reviewed = 0
    for post in window.detailed:
        if not post.reviews:
            continue
        reviewed += 1
        problem = _review_problem(post, stages)
        if problem is False:
            open_posts.append(post)
        elif problem is not None:
            problems[id(post)] = problem
    figures["posts_with_reviews"] = reviewed
    if not reviewed:
        yield make_finding(
            rule, view.id, Status.INSUFFICIENT_DATA,
            f"{window_zh}的{count}条发布均无审核记录，无法判断是否先审后发。",
            f"None of the {count} posts {window_en} has a review record: review before publishing cannot be judged.",
            period=period,
            figures=figures,
        )
        return
    unreviewed = count - reviewed
    counts = {name: 0 for name in _PROBLEM_ZH}
    counts["no_review"] = unreviewed
    for problem, _ in problems.values():
        counts[problem] += 1
    # The failing posts in date order; the plain ones are built only when some lack a review.
    failing: list[tuple[Post, str, list[int]]] = []
    for post in window.posts(view) if unreviewed else window.detailed:
        if len(failing) == _CAP:
            break
        if not post.reviews:
            failing.append((post, "no_review", []))
        elif id(post) in problems:
            failing.append((post, *problems[id(post)]))
    failing_count = unreviewed + len(problems)
    figures.update({f"posts_{name}": count for name, count in counts.items()})
    stages_zh = "、".join(str(s) for s in own)
    in_order_zh, in_order_en = ("按顺序", ", in order,") if len(own) > 1 else ("", "")
    after = [s for s in stages if s not in own]
    after_zh = f"在第{'、'.join(str(s) for s in after)}级审核之后、" if after else ""
    after_en = f" after stage(s) {', '.join(str(s) for s in after)} and" if after else ""
    requirement_zh = f"第{stages_zh}级审核均{after_zh}在发布前{in_order_zh}完成" if own else "发布前有审核记录"
    requirement_en = (
        f"reviews at stage(s) {', '.join(str(s) for s in own)}{in_order_en}{after_en} before publication"
        if own else "a review before publication"
    )
    if failing_count:
        figures["failing_posts"] = failing_count
        figures["failing"] = [
            {"post": post_ref(p), "problem": problem, **({"stages": st} if st else {})} for p, problem, st in failing[:_CAP]
        ]
        summary_zh = "，".join(f"{_PROBLEM_ZH[n]}{c}条" for n, c in counts.items() if c)
        summary_en = ", ".join(f"{c} {n.replace('_', ' ')}" for n, c in counts.items() if c)
        yield make_finding(
            rule, view.id, Status.VIOLATION,
            f"{window_zh}的{count}条发布中有{failing_count}条不符合“先审后发”（要求{requirement_zh}）：{summary_zh}；"
            f"如{'、'.join(post_ref(p) for p, _, _ in failing[:_CAP])}。",
            f"{failing_count} of {count} posts {window_en} lack {requirement_en} ({summary_en}), e.g. "
            f"{', '.join(post_ref(p) for p, _, _ in failing[:_CAP])}.",
            period=period,
            figures=figures,
        )
    elif open_posts:
        figures["undetermined_posts"] = [post_ref(p) for p in open_posts[:_CAP]]
        figures["missing"] = ["posts[].published_at", "posts[].reviews[].at"]
        yield make_finding(
            rule, view.id, Status.INSUFFICIENT_DATA,
            f"{window_zh}有{len(open_posts)}条发布的审核与发布在同一天，且其中一方只记到日期，无法判断是否{requirement_zh}："
            f"{'、'.join(post_ref(p) for p in open_posts[:_CAP])}（需记录到时刻）。",
            f"{len(open_posts)} post(s) {window_en} were reviewed on the day they were published, with the review or "
            f"the post dated to the day only: whether they had {requirement_en} cannot be told (times are needed).",
            period=period,
            figures=figures,
        )
    else:
        yield make_finding(
            rule, view.id, Status.COMPLIANT,
            f"{window_zh}的{count}条发布均{requirement_zh}。",
            f"All {count} posts {window_en} have {requirement_en}.",
            period=period,
            figures=figures,
        )
