"""Closed vocabularies shared by policy files, facts and findings.

They are ``StrEnum`` so that a value reads the same in TOML, JSON and Python, and an unknown
value is a load error instead of a silent typo.
"""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    NATIONAL = "national"
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    NEW_AREA = "new_area"


class Platform(StrEnum):
    WECHAT = "wechat"
    WEIBO = "weibo"
    DOUYIN = "douyin"
    TOUTIAO = "toutiao"
    KUAISHOU = "kuaishou"
    BAIJIAHAO = "baijiahao"
    APP = "app"
    OTHER = "other"


class AccountType(StrEnum):
    """WeChat account types; other platforms have none."""

    SUBSCRIPTION = "subscription"
    SERVICE = "service"
    CHANNELS = "channels"
    MINI_PROGRAM = "mini_program"


class ContentForm(StrEnum):
    TEXT = "text"
    VIDEO = "video"


class EventType(StrEnum):
    ACCOUNT_OPENED = "account_opened"
    ACCOUNT_INFO_CHANGED = "account_info_changed"
    HOST_UNIT_CHANGED = "host_unit_changed"
    STAFF_CHANGED = "staff_changed"
    CLOSURE_ANNOUNCED = "closure_announced"
    # A public notice of a change to the account (国办 四.(一) 主办单位发生变化的…变更账号信息，并向社会公告):
    # unlike a closure notice it starts no stop-update period.
    CHANGE_ANNOUNCED = "change_announced"
    ACCOUNT_SHUT_DOWN = "account_shut_down"
    ACCOUNT_CANCELLED = "account_cancelled"


class FilingRecipient(StrEnum):
    SUPERVISING_UNIT = "supervising_unit"
    NATIONAL_FILING_SYSTEM = "national_filing_system"
    ZHEJIANG_PLATFORM = "zhejiang_platform"


class UnitKind(StrEnum):
    COUNTY_OR_ABOVE_GOVERNMENT = "county_or_above_government"
    STATE_COUNCIL_DEPARTMENT = "state_council_department"
    ADMINISTRATIVE_ORGAN = "administrative_organ"
    INSTITUTION_WITH_ADMIN_FUNCTIONS = "institution_with_admin_functions"
    INTERNAL_BODY = "internal_body"
    INDIVIDUAL = "individual"
    TOWNSHIP = "township"
    COUNTY_DEPARTMENT = "county_department"
    ENTERPRISE_OR_INSTITUTION_PUBLIC_SERVICE = "enterprise_or_institution_public_service"
    DEVELOPMENT_ZONE = "development_zone"


class UnitLevel(StrEnum):
    """The administrative level of a host unit (行政层级), from the top. A unit of a district is at
    the county level (区县); a sub-district office (街道) is at the township level (乡镇（街道）)."""

    NATIONAL = "national"
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"

    @property
    def rank(self) -> int:
        """0 for national, growing downwards; comparable with NoticeLevel.rank."""
        return list(UnitLevel).index(self)


class ContentTag(StrEnum):
    COMMERCIAL_AD = "commercial_ad"
    PERSONAL_OPINION = "personal_opinion"
    UNVERIFIED_INFORMATION = "unverified_information"
    UNCONFIRMED_SENSITIVE_NEWS = "unconfirmed_sensitive_news"
    ILLEGAL_MEDIA = "illegal_media"
    UNCONSTITUTIONAL = "unconstitutional"
    NATIONAL_SECURITY = "national_security"
    ETHNIC_HATRED = "ethnic_hatred"
    RELIGIOUS_POLICY = "religious_policy"
    DEFAMATION = "defamation"
    RUMOUR = "rumour"
    OBSCENE_VIOLENT = "obscene_violent"
    ILLEGAL_ASSEMBLY = "illegal_assembly"
    UNDECIDED_ADMINISTRATIVE_MATTER = "undecided_administrative_matter"
    PROHIBITED_BY_LAW = "prohibited_by_law"
    HARMFUL_INFORMATION = "harmful_information"
    USER_RIGHTS_HARM = "user_rights_harm"
    STATE_SECRET = "state_secret"


class RepostSource(StrEnum):
    PARTY_GOVERNMENT_WEBSITE = "party_government_website"
    DESIGNATED_SOURCE = "designated_source"
    PUBLICITY_CYBERSPACE_DESIGNATED = "publicity_cyberspace_designated"
    AUTHORITATIVE_RESEARCH_INSTITUTION = "authoritative_research_institution"
    PARTY_NEWSPAPER = "party_newspaper"
    CENTRAL_MAINSTREAM_MEDIA = "central_mainstream_media"
    # None of the kinds above (a self-media or commercial account, a foreign site …): no text
    # allows it, so every repost-source rule judges it a departure.
    OTHER = "other"


class OperatorKind(StrEnum):
    """Who runs an account's day-to-day operation (an operator_requirement's allowed operators).

    The narrower kinds fall inside ``entrusted_third_party`` (taxonomy.toml, [[operator]]), so a
    local list of them tightens the national permission rather than replacing it."""

    HOST_UNIT = "host_unit"
    ENTRUSTED_THIRD_PARTY = "entrusted_third_party"
    SUBORDINATE_ENTERPRISE_OR_INSTITUTION = "subordinate_enterprise_or_institution"
    LICENSED_NEWS_WEBSITE = "licensed_news_website"


class Strength(StrEnum):
    MANDATORY = "mandatory"
    IN_PRINCIPLE = "in_principle"  # 原则上: evaluated, and findings say so
    ENCOURAGED = "encouraged"  # 鼓励/积极/探索: documented, never a violation


class Topic(StrEnum):
    SCOPE = "scope"
    RESPONSIBILITY = "responsibility"
    OPENING = "opening"
    FILING = "filing"
    NAMING = "naming"
    UPDATING = "updating"
    CONTENT = "content"
    REVIEW = "review"
    INTERACTION = "interaction"
    SERVICE = "service"
    SECURITY = "security"
    SUPERVISION = "supervision"
    CLEANUP = "cleanup"
    ASSESSMENT = "assessment"
    ORGANISATION = "organisation"
    TRAINING = "training"
    OPERATIONS = "operations"


TOPIC_ZH: dict[Topic, str] = {
    Topic.SCOPE: "适用范围与定义",
    Topic.RESPONSIBILITY: "职责分工",
    Topic.OPENING: "账号开设",
    Topic.FILING: "备案",
    Topic.NAMING: "名称与认证",
    Topic.UPDATING: "更新频次",
    Topic.CONTENT: "内容发布",
    Topic.REVIEW: "审核发布",
    Topic.INTERACTION: "政民互动",
    Topic.SERVICE: "办事服务",
    Topic.SECURITY: "安全防护",
    Topic.SUPERVISION: "监督管理",
    Topic.CLEANUP: "清理整合与关停",
    Topic.ASSESSMENT: "考核评价",
    Topic.ORGANISATION: "组织保障",
    Topic.TRAINING: "人员培训",
    Topic.OPERATIONS: "运行维护",
}
