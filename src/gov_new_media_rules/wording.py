"""The plain-Chinese wording of rule values, shared by the site and the terminal output.

A compliance reader sees the same words for the same value wherever it appears — "2个工作日",
"每周（自然周，周一至周日）至少更新3次", "微信服务号" — on a site page, in ``gnmr diff`` or in
``gnmr rules``. The wording used to live in site.py; it is here so that the CLI can use it
without importing the site (which imports the CLI for its reference page). The vocabularies
themselves (one value → one label) are in ``model.labels``; this module turns typed parameters
and scopes into phrases.
"""

from __future__ import annotations

import functools
import re

from collections.abc import Iterable, Mapping
from typing import Any

from .model.labels import (
    ACCOUNT_TYPE_ZH,
    ACTOR_ZH,
    CLEANUP_ACTION_ZH,
    CONTENT_FORM_ZH,
    CONTENT_TAG_ZH,
    EVENT_ZH,
    KIND_ZH,
    OPERATOR_ZH,
    PLATFORM_ZH,
    PRACTICE_ZH,
    RECIPIENT_ZH,
    REPOST_SOURCE_ZH,
    REQUIREMENT_ZH,
    SCOPE_FIELD_ZH,
    STEP_ZH,
    TRIGGER_ZH,
    UNIT_KIND_ZH,
    UNIT_LEVEL_ZH,
)
from .model.params import (
    AccountNamingParams,
    AccountsPerPlatformParams,
    AccountSubjectParams,
    AnnouncementPeriodParams,
    CleanupConditionParams,
    Condition,
    ContentProhibitionParams,
    DefinitionParams,
    Duration,
    DurationUnit,
    DutyParams,
    EscalationLadderParams,
    FilingDeadlineParams,
    FrequencyParams,
    MaxInactivityParams,
    NoParams,
    OperatorRequirementParams,
    ProhibitedPracticeParams,
    RecipientTiming,
    ReopenBanParams,
    RepostSourcesParams,
    ReviewStage,
    ReviewWorkflowParams,
    RuleKind,
    SignOffTier,
    SupervisionCadenceParams,
    TechnicalRequirementParams,
)
from .model.rules import Applicability

__all__ = [
    "FIELD_ZH",
    "actor_zh",
    "applies_to_zh",
    "condition_zh",
    "duration_zh",
    "frequency_value_zh",
    "frequency_zh",
    "join_zh",
    "lookup_zh",
    "params_zh",
    "per_zh",
    "sign_off_zh",
    "stage_zh",
    "value_zh",
    "chinese_sentences",
    "sentences",
    "zh_prose",
]

# The name of each parameter field, as the "what it tightens" tables and the diff show it.
FIELD_ZH = {
    "minimum": "最低数量",
    "per": "统计周期",
    "within": "时限",
    "limit": "期限",
    "breach": "期限的读法",
    "every": "频次",
    "min_account_age": "账号开设时长",
    "duration": "期限",
    "event": "起算事件",
    "events": "适用事件",
    "recipients": "报送对象",
    "recipient_name": "报送对象名称",
    "action_zh": "办理事项",
    "announce_publicly": "公告",
    "categories": "禁止内容",
    "practices": "禁止做法",
    "requirements": "技术要求",
    "elements": "把关要素",
    "stages": "审核环节",
    "after_stages": "须在其后进行的审核环节",
    "sign_off": "签发层级",
    "review_before_publish": "先审后发",
    "conditions": "条件",
    "action": "处理方式",
    "steps": "处置步骤",
    "interview_after_problems": "约谈门槛",
    "shut_down_if": "关停条件",
    "forbidden_subjects": "不得作为开设主体",
    "allowed": "允许的转载来源",
    "allowed_operators": "允许的运营主体",
    "operators_open": "运营主体为开放列举（等）",
    "qualification_required": "受托机构须具备资质",
    "no_subcontracting": "不得转包",
    "written_agreement": "书面协议",
    "confidentiality_agreement": "保密协议",
    "host_unit_in_verification": "认证显示主办单位",
    "consistent_across_platforms": "各平台名称一致",
    "related_to_duties": "名称与职能相关",
    "maximum": "最多数量",
    "actor": "责任主体",
    "activity": "事项",
    "term": "术语",
    "after": "起算",
    "kind": "规则类别",
    "timing": "报送时间",
    "recipient_timing": "各报送对象的时间",
    "announce_within": "公告时限",
    "announce_from": "公告时限起算",
    "announce_timing": "公告时间",
    "closure_allowed": "最早关停日",
    "new_openings_only": "仅约束新开设的账号",
    "outside": "定义排除的主办单位",
}
# How a filing (or notice) is timed against its event (model.params.FilingTiming).
TIMING_ZH = {
    "after": "事件发生后（事件当日不计）",
    "before": "事件发生前（事件当日仍为按时）",
    "same_day": "与事件同步（不晚于事件当日）",
    "promptly": "及时（原文未规定天数）",
    "none": "原文未规定时间",
}
ANNOUNCE_FROM_ZH = {"event": "自事件发生起", "filing": "自向主管单位报送起"}
CLOSURE_ALLOWED_ZH = {"after_period": "公告期满后次日起", "on_last_day": "公告期最后一日起"}

def lookup_zh(table: Mapping[str, str], value: object) -> str:
    return table.get(str(value), str(value))


def join_zh(values: Iterable[str], sep: str = "、") -> str:
    return sep.join(values)


def duration_zh(duration: Duration) -> str:
    """``Duration.zh()`` with what the library's conventions make of it."""
    if duration.unit is DurationUnit.WEEKS:
        if duration.amount == 1:
            return "1周（自然周，周一至周日）"
        return f"{duration.zh()}（{duration.amount * 7}个自然日）"
    if duration.unit is DurationUnit.CALENDAR_DAYS:
        return f"{duration.amount}天（自然日）"
    return duration.zh()


def per_zh(duration: Duration) -> str:
    """"每周（…）", "每2周（…）", "每个工作日", "每月"."""
    if duration.amount == 1:
        return {
            DurationUnit.WEEKS: "每周（自然周，周一至周日）",
            DurationUnit.WORKING_DAYS: "每个工作日",
            DurationUnit.CALENDAR_DAYS: "每天",
            DurationUnit.MONTHS: "每月",
            DurationUnit.YEARS: "每年",
        }[duration.unit]
    return "每" + duration_zh(duration)


def actor_zh(value: str | None) -> str:
    return lookup_zh(ACTOR_ZH, value) if value else ""


def condition_zh(condition: Condition) -> str:
    text = condition.zh or TRIGGER_ZH.get(str(condition.trigger), str(condition.trigger))
    return text


def frequency_zh(params: FrequencyParams, verb: str, unit: str) -> str:
    if params.minimum is None:
        return "及时更新（原文未规定具体次数）" if verb == "更新" else "保持一定比例的原创内容（原文未规定具体数量）"
    if params.per is None:
        return f"至少{verb}{params.minimum}{unit}（原文未规定统计周期）"
    return f"{per_zh(params.per)}至少{verb}{params.minimum}{unit}"


def params_zh(kind: RuleKind | str, params: Any) -> list[str]:
    """A rule's typed parameters as plain Chinese sentences, one per line of the rule page.

    >>> params_zh("posting_frequency", FrequencyParams(3, Duration(1, DurationUnit.WEEKS)))
    ['每周（自然周，周一至周日）至少更新3次']
    """
    kind = RuleKind(str(kind))
    lines: list[str] = []
    if isinstance(params, NoParams) or params is None:
        return lines
    if isinstance(params, DefinitionParams):
        if params.term:
            lines.append(f"界定：{params.term}")
    elif isinstance(params, DutyParams):
        if params.actor:
            lines.append(f"责任主体：{actor_zh(params.actor)}")
    elif isinstance(params, FilingDeadlineParams):
        if params.events:
            lines.append("起算事件：" + join_zh(lookup_zh(EVENT_ZH, e) for e in params.events))
        else:
            lines.append("起算事件：不在事实词表中（见解释说明），不计算到期日")
        if params.within is not None:
            if params.within.unit is DurationUnit.WORKING_DAYS:
                lines.append(f"时限：事件发生后{params.within.zh()}内（事件当日不计，第{params.within.amount}个工作日当日仍为按时）")
            else:
                lines.append(f"时限：事件发生后{duration_zh(params.within)}内（事件当日不计）")
        else:
            lines.append("时限：原文未规定")
        recipients = [lookup_zh(RECIPIENT_ZH, r) for r in params.recipients]
        if recipients:
            text = "报送对象：" + join_zh(recipients)
            if params.recipient_name:
                text += f"（原文：{params.recipient_name}）"
            lines.append(text)
        elif params.recipient_name:
            lines.append(f"报送对象：{params.recipient_name}")
        if params.announce_publicly:
            lines.append("须向社会公告")
    elif isinstance(params, FrequencyParams):
        if kind is RuleKind.ORIGINAL_POSTS:
            lines.append(frequency_zh(params, "发布原创内容", "条"))
        else:
            lines.append(frequency_zh(params, "更新", "次"))
    elif isinstance(params, MaxInactivityParams):
        if params.limit is not None:
            if str(params.breach) == "at_limit":
                lines.append(f"{duration_zh(params.limit)}内无更新（自最后一次发布次日起至评估日，整段无发布），即属长期未更新账号")
            else:
                lines.append(f"超过{duration_zh(params.limit)}未更新，即属长期未更新（“睡眠”“僵尸”）账号")
    elif isinstance(params, AnnouncementPeriodParams):
        event = lookup_zh(EVENT_ZH, params.event) if params.event else "事件"
        if params.minimum is not None:
            lines.append(f"{event}后，公告期不少于{duration_zh(params.minimum)}")
    elif isinstance(params, CleanupConditionParams):
        if params.action:
            lines.append(f"处理方式：{lookup_zh(CLEANUP_ACTION_ZH, params.action)}")
        if params.conditions:
            prefix = "出现下列情形之一即适用：" if len(params.conditions) > 1 else "适用情形："
            lines.append(prefix + "；".join(f"（{i}）{condition_zh(c)}" for i, c in enumerate(params.conditions, 1)))
        if params.min_account_age is not None:
            lines.append(f"仅适用于开设满{duration_zh(params.min_account_age)}的账号")
    elif isinstance(params, ReopenBanParams):
        if params.duration is not None:
            after = f"{params.after}后，" if params.after else ""
            lines.append(f"{after}{duration_zh(params.duration)}内不得重新开设")
    elif isinstance(params, EscalationLadderParams):
        if params.steps:
            lines.append("处置步骤：" + " → ".join(lookup_zh(STEP_ZH, s) for s in params.steps))
        if params.interview_after_problems is not None:
            lines.append(f"同一账号出现问题累计{params.interview_after_problems}次的，予以约谈")
        if params.shut_down_if:
            lines.append(f"关停条件：{params.shut_down_if}")
    elif isinstance(params, AccountsPerPlatformParams):
        lines.append(f"同一单位在同一平台最多开设{params.maximum}个账号")
    elif isinstance(params, AccountNamingParams):
        if params.host_unit_in_verification:
            lines.append("认证信息须显示主办单位")
        if params.consistent_across_platforms:
            lines.append("各平台账号名称保持一致")
        if params.related_to_duties:
            lines.append("名称须与单位职能相关")
    elif isinstance(params, AccountSubjectParams):
        if params.forbidden_subjects:
            lines.append("不得作为开设主体：" + join_zh(lookup_zh(UNIT_KIND_ZH, u) for u in params.forbidden_subjects))
    elif isinstance(params, ContentProhibitionParams):
        if params.categories:
            lines.append("不得发布：" + join_zh(lookup_zh(CONTENT_TAG_ZH, c) for c in params.categories))
    elif isinstance(params, RepostSourcesParams):
        if params.allowed:
            lines.append("转载仅限来自：" + join_zh(lookup_zh(REPOST_SOURCE_ZH, s) for s in params.allowed))
    elif isinstance(params, ReviewWorkflowParams):
        if params.review_before_publish:
            lines.append("先审后发：未经审核不得发布")
        if params.stages:
            lines.append("审核环节：" + " → ".join(stage_zh(s) for s in params.stages))
        if params.after_stages:
            lines.append("须在第" + "、".join(str(s) for s in params.after_stages) + "级审核完成之后")
        if params.elements:
            lines.append("把关要素：" + "；".join(params.elements))
        if params.sign_off:
            lines.append("签发：" + "；".join(sign_off_zh(t) for t in params.sign_off))
    elif isinstance(params, SupervisionCadenceParams):
        actor = actor_zh(params.actor) or "（原文未明确主体）"
        activity = params.activity or "检查"
        if params.every is not None:
            lines.append(f"{actor}{per_zh(params.every)}{activity}")
        else:
            lines.append(f"{actor}{activity}（原文未规定频次）")
    elif isinstance(params, ProhibitedPracticeParams):
        if params.practices:
            lines.append("禁止：" + join_zh(lookup_zh(PRACTICE_ZH, p) for p in params.practices))
    elif isinstance(params, TechnicalRequirementParams):
        if params.requirements:
            lines.append("须满足：" + join_zh(lookup_zh(REQUIREMENT_ZH, r) for r in params.requirements))
    elif isinstance(params, OperatorRequirementParams):
        if params.allowed_operators:
            kinds = join_zh(lookup_zh(OPERATOR_ZH, o) for o in params.allowed_operators)
            lines.append("可由下列主体运营：" + kinds + ("等" if params.operators_open else ""))
        if params.qualification_required:
            lines.append("受托机构须具备相应资质")
        if params.no_subcontracting:
            lines.append("不得转包")
        if params.written_agreement:
            lines.append("委托运营须签订书面协议")
        if params.confidentiality_agreement:
            lines.append("须签订保密协议")
    return lines


def stage_zh(stage: ReviewStage) -> str:
    return f"{stage.role}（第{stage.stage}审）"


def sign_off_zh(tier: SignOffTier) -> str:
    return f"{tier.content}：{tier.signer}"


def applies_to_zh(applies_to: Applicability) -> str | None:
    """What a rule applies to, in words; ``None`` for "every account".

    >>> applies_to_zh(Applicability(platforms=("wechat",), account_types=("service",)))
    '微信服务号'
    """
    if applies_to.is_universal():
        return None
    noun = ""
    if applies_to.platforms:
        noun += join_zh(lookup_zh(PLATFORM_ZH, p) for p in applies_to.platforms)
    if applies_to.account_types:
        noun += join_zh(lookup_zh(ACCOUNT_TYPE_ZH, a) for a in applies_to.account_types)
    qualifiers: list[str] = []
    if applies_to.content_forms:
        qualifiers.append(join_zh(lookup_zh(CONTENT_FORM_ZH, c) for c in applies_to.content_forms) + "类账号")
    if applies_to.main_account is True:
        qualifiers.append("主账号")
    elif applies_to.main_account is False:
        qualifiers.append("非主账号")
    if applies_to.unit_kinds:
        qualifiers.append("主办单位为" + join_zh(lookup_zh(UNIT_KIND_ZH, u) for u in applies_to.unit_kinds) + "的账号")
    if applies_to.unit_levels:
        qualifiers.append("主办单位层级为" + join_zh(lookup_zh(UNIT_LEVEL_ZH, u) for u in applies_to.unit_levels) + "的账号")
    if noun and qualifiers:
        text = f"{noun}中的{'、'.join(qualifiers)}"
    else:
        text = noun or "、".join(qualifiers)
    if applies_to.units:
        text = f"{text}（{applies_to.units}）" if text else applies_to.units
    if applies_to.exclude is not None:
        excluded = applies_to_zh(applies_to.exclude) or "全部"
        text = (text or "所有账号") + f"，但不含{excluded}"
    return text or None


def value_zh(field: str, value: Any) -> str:
    """One compared value of a refinement (before or after) in words."""
    if value is None:
        return "（未规定）"
    if isinstance(value, FrequencyParams):
        return frequency_zh(value, "更新", "次")
    if isinstance(value, Duration):
        return duration_zh(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, tuple | list):
        if not value:
            return "（无）"
        tables: dict[str, Mapping[str, str]] = {
            "events": EVENT_ZH,
            "recipients": RECIPIENT_ZH,
            "categories": CONTENT_TAG_ZH,
            "allowed": REPOST_SOURCE_ZH,
            "forbidden_subjects": UNIT_KIND_ZH,
            "practices": PRACTICE_ZH,
            "requirements": REQUIREMENT_ZH,
            "steps": STEP_ZH,
            "allowed_operators": OPERATOR_ZH,
            "outside": UNIT_KIND_ZH,
        }
        items = []
        for item in value:
            if isinstance(item, Condition):
                items.append(condition_zh(item))
            elif isinstance(item, ReviewStage):
                items.append(stage_zh(item))
            elif isinstance(item, SignOffTier):
                items.append(sign_off_zh(item))
            elif isinstance(item, RecipientTiming):
                items.append(f"{lookup_zh(RECIPIENT_ZH, item.recipient)}：{lookup_zh(TIMING_ZH, item.timing)}")
            else:
                items.append(lookup_zh(tables.get(field, {}), item))
        return "；".join(items) if any("，" in i or "、" in i for i in items) else join_zh(items)
    if field == "breach":
        return {"at_limit": "整段期限内无更新即构成（“N内无更新”）",
                "beyond_limit": "超过期限才构成（“超过N未更新”）"}.get(str(value), str(value))
    if field in ("timing", "announce_timing"):
        return lookup_zh(TIMING_ZH, value)
    if field == "announce_from":
        return lookup_zh(ANNOUNCE_FROM_ZH, value)
    if field == "closure_allowed":
        return lookup_zh(CLOSURE_ALLOWED_ZH, value)
    if field == "action":
        return lookup_zh(CLEANUP_ACTION_ZH, value)
    if field == "actor":
        return actor_zh(value)
    if field == "event":
        return lookup_zh(EVENT_ZH, value)
    return str(value)


def frequency_value_zh(kind: RuleKind, value: Any) -> str:
    if isinstance(value, FrequencyParams):
        return params_zh(kind, value)[0]
    return value_zh("", value)


# Model names that notes written for legal staff mention, and the words the site shows for them:
# facts fields, statuses, event types and a few policy-format keywords. Labels of the vocabularies
# (content tags, repost sources, unit kinds …) and of parameter fields are added below.
_PROSE_WORDS = {
    "insufficient_data": "数据不足", "not_applicable": "不适用", "compliant": "合规", "violation": "违规",
    "pending": "未到期",
    "account_opened": "开设", "account_info_changed": "账号信息变更", "host_unit_changed": "主办单位变化",
    "staff_changed": "人员变动", "closure_announced": "停更（关停）公告", "change_announced": "变更公告",
    "account_shut_down": "关停", "account_cancelled": "注销",
    "supervising_unit": "主管单位", "national_filing_system": "全国政务新媒体信息报送系统",
    "zhejiang_platform": "浙江省政务新媒体管理平台",
    "opened_on": "开设日期", "event_on": "所报事件日期", "filed_on": "备案日期", "posts_from": "完整发布记录起始日",
    "published_at": "发布时间", "verified_host_unit": "认证信息中的主办单位", "host_unit": "主办单位",
    "in_national_filing_system": "是否纳入全国系统", "interaction_enabled": "是否提供互动功能",
    "resident_population": "常住人口数", "repost_source": "转载来源", "tags": "内容类别标注",
    "content_form": "内容形式", "account_type": "账号类型", "main_account": "主账号",
    "applies_to": "适用范围", "unit_levels": "主办单位层级", "unit_kinds": "主办单位类别",
    "recipient_timing": "各报送对象的时间", "announce_timing": "公告时间", "announce_within": "公告时限",
    "announcement_period": "公告期", "single_veto_item": "单项否决项", "new_openings_only": "只约束新开设",
    "at_limit": "满期即构成", "min_observations": "最少记录次数", "beyond_limit": "超过期限才构成", "previous_calendar_year": "上一自然年",
    "supervision_cadence": "监督频次", "cleanup_condition": "清理条件", "filing_deadline": "备案时限",
    "refines": "细化", "replaces": "替代", "checkable": "可据事实判定", "encouraged": "鼓励性",
    "mandatory": "强制", "in_principle": "原则上",
}


@functools.lru_cache(maxsize=1)
def _prose_table() -> tuple[re.Pattern[str], dict[str, str]]:
    words: dict[str, str] = {}
    for table in (KIND_ZH, CONTENT_TAG_ZH, REPOST_SOURCE_ZH, UNIT_KIND_ZH, OPERATOR_ZH, TRIGGER_ZH, PRACTICE_ZH):
        words.update({key: value for key, value in table.items() if "_" in key})
    words.update(FIELD_ZH)  # parameter names, one word or several ("breach = at_limit")
    words.update(CLEANUP_ACTION_ZH)
    words.update(SCOPE_FIELD_ZH)
    words.update(UNIT_LEVEL_ZH)
    words.update({str(k): v for k, v in TIMING_ZH.items()})
    words.update(CLOSURE_ALLOWED_ZH)
    words.update(_PROSE_WORDS)
    return _names_pattern(words), words


def _names_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """Any of ``words`` as a whole name: not inside a longer name, a rule id or a clause id."""
    return re.compile(r"(?<![A-Za-z0-9_.\-])(" + "|".join(sorted(map(re.escape, words), key=len, reverse=True))
                      + r")(?![A-Za-z0-9_\-])")


def zh_prose(text: str, names: Mapping[str, str] | None = None) -> str:
    """A note for legal staff with the model's names in the words the site uses: 'account_opened'
    reads 开设, 'insufficient_data' 数据不足; ``names`` adds a rule's own (its conditions' ids).
    Rule ids (dotted) and clause ids are left as they are."""
    pattern, words = _prose_table()
    if names:
        words = {**words, **names}
        pattern = _names_pattern(words)

    def word(match: re.Match[str]) -> str:
        zh = words[match.group(1)]
        # "主办单位层级 host_unit_level": the name glosses the Chinese just before it; say it once.
        return "" if match.string[:match.start()].rstrip().endswith(zh) else zh

    # Only sentences in Chinese: a note may go on in English ("… which formally drops …").
    parts = sentences(text)
    out = "".join(pattern.sub(word, part) if _CJK.search(part) else part for part in parts)
    # A name set off by spaces in the Chinese ("未提供 opened_on 时") needs none once it is Chinese.
    return _CJK_GAP.sub("", out)


def sentences(text: str) -> list[str]:
    """``text`` cut after each Chinese or English full stop, question or exclamation mark (joined
    back, the pieces are ``text``)."""
    return _SENTENCE.split(text)


def chinese_sentences(text: str) -> str:
    """The sentences of a bilingual note that are Chinese (more Chinese characters than Latin
    letters: an English sentence quoting 试行 is English)."""
    return "".join(s for s in sentences(text) if len(_CJK.findall(s)) > len(_LATIN.findall(s)))


_SENTENCE = re.compile(r"(?<=[。！？])|(?<=[.!?])(?=\s)")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef]) +(?=[\u3000-\u9fff\uff00-\uffef])")
