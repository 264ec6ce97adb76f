"""Chinese labels for the library's vocabularies, shared by the engine's messages and the site.

Kept apart from ``model.vocab`` so that the closed vocabularies stay small and the wording, which
legal staff may want to adjust, lives in one place.
"""

from __future__ import annotations

STRENGTH_ZH = {"mandatory": "强制", "in_principle": "原则上", "encouraged": "鼓励"}
STRENGTH_HELP = {
    "mandatory": "必须遵守；可判定的规则据事实评估。",
    "in_principle": "原文为“原则上”：仍予评估，但结论注明系原则性要求，可能存在经批准的例外。",
    "encouraged": "原文为“鼓励/积极/探索”：只作说明，从不判定为违规。",
}
LEVEL_ZH = {"national": "国家", "province": "省级", "city": "市级", "county": "县级", "new_area": "新区"}
DOCUMENT_KIND_ZH = {"opinion": "意见", "notice": "通知", "measures": "管理办法", "guide": "指南", "indicators": "检查指标"}
STATUS_ZH = {"in_force": "现行有效", "trial": "试行", "superseded": "已被取代"}
HELD_ZH = {"full": "全文", "secondary": "仅二手引文（未持有全文）"}
KIND_ZH = {
    "definition": "定义与职责划分",
    "principle": "原则与目标",
    "duty": "定性义务",
    "filing_deadline": "备案时限",
    "posting_frequency": "更新频次",
    "original_posts": "原创数量",
    "max_inactivity": "最长未更新期限",
    "announcement_period": "公告期",
    "cleanup_condition": "清理整合条件",
    "reopen_ban": "禁止重新开设",
    "escalation_ladder": "问责升级",
    "accounts_per_platform": "同一平台账号数量",
    "account_naming": "名称与认证",
    "account_subject": "开设主体",
    "content_prohibition": "禁止发布的内容",
    "repost_sources": "转载来源",
    "review_workflow": "审核发布流程",
    "supervision_cadence": "监督检查频次",
    "prohibited_practice": "禁止的做法",
    "technical_requirement": "技术要求",
    "operator_requirement": "运营主体要求",
}
EVENT_ZH = {
    "account_opened": "账号开设（平台核发、注册认证完成）",
    "account_info_changed": "账号信息变更（名称、账号或认证主办单位在平台上变更）",
    "host_unit_changed": "主办单位变更",
    "staff_changed": "负责人或管理员变更",
    "closure_announced": "发布停更、关停公告",
    "change_announced": "发布账号变更公告（主办单位、名称等变化的社会公告）",
    "account_shut_down": "账号关停",
    "account_cancelled": "账号注销完成",
}
RECIPIENT_ZH = {
    "supervising_unit": "主管单位",
    "national_filing_system": "全国政务新媒体信息报送系统",
    "zhejiang_platform": "浙江省政务新媒体管理平台",
}
PLATFORM_ZH = {
    "wechat": "微信",
    "weibo": "微博",
    "douyin": "抖音",
    "toutiao": "今日头条",
    "kuaishou": "快手",
    "baijiahao": "百家号",
    "app": "移动客户端（App）",
    "other": "其他平台",
}
ACCOUNT_TYPE_ZH = {"subscription": "订阅号", "service": "服务号", "channels": "视频号", "mini_program": "小程序"}
SCOPE_FIELD_ZH = {"account_type": "账号类型", "host_unit_kind": "主办单位类别", "host_unit_level": "主办单位层级"}
UNIT_LEVEL_ZH = {"national": "国家级", "province": "省级", "city": "市级", "county": "县级（区县）", "township": "乡镇（街道）"}
CONTENT_FORM_ZH = {"text": "图文", "video": "视频"}
UNIT_KIND_ZH = {
    "county_or_above_government": "县级以上人民政府",
    "state_council_department": "国务院部门",
    "administrative_organ": "行政机关",
    "institution_with_admin_functions": "承担行政职能的事业单位",
    "internal_body": "内设机构",
    "individual": "个人",
    "township": "乡镇（街道）",
    "county_department": "县直部门",
    "enterprise_or_institution_public_service": "提供公共服务的企事业单位",
    "development_zone": "开发区",
}
CONTENT_TAG_ZH = {
    "commercial_ad": "商业广告",
    "personal_opinion": "个人观点",
    "unverified_information": "未经证实的信息",
    "unconfirmed_sensitive_news": "未经证实的敏感新闻",
    "illegal_media": "非法媒体的信息",
    "unconstitutional": "反对宪法确定的基本原则",
    "national_security": "危害国家安全",
    "ethnic_hatred": "煽动民族仇恨、民族歧视",
    "religious_policy": "破坏国家宗教政策",
    "defamation": "侮辱、诽谤他人",
    "rumour": "散布谣言",
    "obscene_violent": "淫秽、色情、暴力等",
    "illegal_assembly": "煽动非法集会等",
    "undecided_administrative_matter": "尚未决定的行政事项",
    "prohibited_by_law": "法律法规禁止的内容",
    "harmful_information": "有害信息",
    "user_rights_harm": "损害用户权益的内容",
    "state_secret": "国家秘密",
}
REPOST_SOURCE_ZH = {
    "party_government_website": "党政机关网站",
    "designated_source": "指定稿源单位",
    "publicity_cyberspace_designated": "宣传、网信部门指定的媒体",
    "authoritative_research_institution": "权威科研技术机构",
    "party_newspaper": "党报党刊",
    "central_mainstream_media": "中央主流媒体",
    "other": "其他来源",
}
OPERATOR_ZH = {
    "host_unit": "主办单位自行运营",
    "entrusted_third_party": "受委托的机构",
    "subordinate_enterprise_or_institution": "主管主办单位的下属企事业单位",
    "licensed_news_website": "具有互联网新闻信息采编发布服务资质的主流新闻网站",
}
CLEANUP_ACTION_ZH = {"clean_up": "清理", "shut_down": "关停", "integrate": "整合", "cancel": "注销"}
TRIGGER_ZH = {
    "effect_index_below": "运营效果指数低于阈值",
    "notices_at_level": "被通报",
    "dormancy_repeated": "多次长期未更新",
    "rectification_overdue": "逾期未整改",
    "security_incident": "发生安全事故",
    "followers_below_population_share": "关注人数低于常住人口比例",
    "legal_violation": "违反法律法规",
    "single_veto_item": "触及单项否决项",
    "not_in_national_filing_system": "未纳入全国政务新媒体信息报送系统",
    "unable_to_maintain": "确属无力维护",
    "low_usage": "关注度和利用率低",
    "duplicate_account": "重复开设",
    "not_filed_with_supervising_unit": "未向主管单位备案",
}
STEP_ZH = {"remind": "提醒", "notice": "通报", "interview": "约谈", "shut_down": "关停"}
PRACTICE_ZH = {
    "buy_followers": "购买粉丝",
    "force_download": "强制下载",
    "force_like_or_share": "强制点赞、转发",
    "fake_data": "数据造假",
}
REQUIREMENT_ZH = {"ipv6": "支持IPv6", "multi_terminal": "多终端适配"}
ACTOR_ZH = {
    "supervising_unit": "主管单位",
    "host_unit": "主办单位",
    "state_council_general_office": "国务院办公厅",
    "regions_and_departments": "各地区、各部门",
    "industry_competent_department": "行业主管部门",
    "provincial_government_and_state_council_department": "省级政府和国务院部门",
    "third_party_platform": "第三方平台",
}
VERDICT_ZH = {
    "tighter": "收紧",
    "same": "相同",
    "looser": "放宽",
    "incomparable": "无法比较",
    "changed": "调整（不分宽严）",
}
