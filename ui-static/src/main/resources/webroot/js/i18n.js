// Every label of the console, in Chinese (the default) and English. One catalogue; nothing is written elsewhere.
const messages = {
  'zh-CN': {
    'app.title': '应急指挥调度', 'incident.report': '上报事件', 'incident.clickMap': '在地图上点击事件位置（Esc 取消）',
    'conn.online': '已连接', 'conn.reconnecting': '重连中', 'conn.offline': '离线', 'conn.lastBeat': '最近心跳',
    'auth.title': '登录', 'auth.help': '粘贴登录链接、登录码或访问令牌。', 'auth.signIn': '登录', 'auth.signOut': '退出',
    'auth.failed': '登录失败', 'tab.incidents': '事件', 'tab.alerts': '告警',
    'board.title': '队伍状态', 'board.capability': '能力（如 PUMPING）', 'board.allRegions': '全部地区', 'board.allTiers': '全部层级',
    'board.since': '已持续', 'board.age': '位置', 'board.none': '没有符合条件的队伍',
    'incident.type': '事件类型', 'incident.severity': '响应级别', 'incident.title': '标题', 'incident.description': '描述',
    'incident.region': '行政区划代码', 'incident.submit': '上报', 'incident.where': '位置', 'incident.none': '暂无事件',
    'incident.requirements': '需求（来自响应预案，可修改）', 'incident.saveRequirements': '保存需求', 'incident.resetRequirements': '恢复预案',
    'incident.recommendations': '推荐队伍', 'incident.dispatchProposed': '一键调派推荐方案', 'incident.assignments': '已调派队伍',
    'incident.timeline': '时间线', 'incident.capability': '能力', 'incident.quantity': '数量', 'incident.within': '到达时限',
    'incident.covered': '已满足', 'incident.uncovered': '未满足', 'incident.addRequirement': '添加需求',
    'incident.nextStatus': '推进状态', 'incident.noRecommendations': '暂无推荐', 'incident.recommendUnavailable': '推荐服务不可用',
    'incident.dispatchSelected': '调派所选队伍', 'incident.selectTeams': '从右侧列表勾选队伍', 'incident.blocked': '道路中断区',
    'team.distance': '距离', 'team.eta': '预计到达', 'team.positionAge': '位置时效', 'team.covers': '可满足',
    'assign.EN_ROUTE': '出发', 'assign.ON_SCENE': '到达', 'assign.RETURNING': '返回', 'assign.RELEASED': '解除', 'assign.CANCELLED': '取消',
    'alert.ack': '确认', 'alert.acked': '已确认', 'alert.none': '暂无告警', 'alert.resolved': '已解除',
    'replay.title': '回放', 'replay.pick': '选择事件后可回放', 'replay.open': '开启会商回放', 'replay.controller': '主持人',
    'replay.participants': '参与者', 'replay.note': '记录研判', 'replay.notes': '条研判', 'replay.share': '分享会商链接',
    'replay.close': '退出回放', 'replay.closed': '回放连接已断开', 'replay.linkCopied': '会商链接已复制',
    'replay.noteText': '研判内容（记录于当前回放时刻与地图中心）',
    'common.cancel': '取消', 'common.ok': '确定', 'common.saved': '已保存', 'common.dispatched': '已调派',
    'time.justNow': '刚刚', 'time.min': '分钟', 'time.h': '小时', 'time.ago': '前', 'time.never': '无',
    'legend.title': '图例',
  },
  en: {
    'app.title': 'Emergency command', 'incident.report': 'Report incident', 'incident.clickMap': 'Click the incident location on the map (Esc to cancel)',
    'conn.online': 'Connected', 'conn.reconnecting': 'Reconnecting', 'conn.offline': 'Offline', 'conn.lastBeat': 'last heartbeat',
    'auth.title': 'Sign in', 'auth.help': 'Paste a sign-in link, a sign-in code or an access token.', 'auth.signIn': 'Sign in', 'auth.signOut': 'Sign out',
    'auth.failed': 'Sign-in failed', 'tab.incidents': 'Incidents', 'tab.alerts': 'Alerts',
    'board.title': 'Team status', 'board.capability': 'Capability (e.g. PUMPING)', 'board.allRegions': 'All regions', 'board.allTiers': 'All tiers',
    'board.since': 'for', 'board.age': 'fix', 'board.none': 'No team matches',
    'incident.type': 'Type', 'incident.severity': 'Severity', 'incident.title': 'Title', 'incident.description': 'Description',
    'incident.region': 'Region code', 'incident.submit': 'Report', 'incident.where': 'Location', 'incident.none': 'No incidents',
    'incident.requirements': 'Requirements (from the response plan, editable)', 'incident.saveRequirements': 'Save requirements', 'incident.resetRequirements': 'Back to plan',
    'incident.recommendations': 'Recommended teams', 'incident.dispatchProposed': 'Dispatch the proposed set', 'incident.assignments': 'Assigned teams',
    'incident.timeline': 'Timeline', 'incident.capability': 'Capability', 'incident.quantity': 'Quantity', 'incident.within': 'Within',
    'incident.covered': 'covered', 'incident.uncovered': 'not covered', 'incident.addRequirement': 'Add requirement',
    'incident.nextStatus': 'Advance status', 'incident.noRecommendations': 'No recommendation', 'incident.recommendUnavailable': 'Recommendations unavailable',
    'incident.dispatchSelected': 'Dispatch selected teams', 'incident.selectTeams': 'Tick teams in the list on the right', 'incident.blocked': 'Roads cut',
    'team.distance': 'Distance', 'team.eta': 'ETA', 'team.positionAge': 'Fix age', 'team.covers': 'Covers',
    'assign.EN_ROUTE': 'En route', 'assign.ON_SCENE': 'On scene', 'assign.RETURNING': 'Returning', 'assign.RELEASED': 'Release', 'assign.CANCELLED': 'Cancel',
    'alert.ack': 'Acknowledge', 'alert.acked': 'Acknowledged', 'alert.none': 'No alerts', 'alert.resolved': 'resolved',
    'replay.title': 'Replay', 'replay.pick': 'Select an incident to replay it', 'replay.open': 'Open consultation replay', 'replay.controller': 'controller',
    'replay.participants': 'participants', 'replay.note': 'Record judgment', 'replay.notes': 'notes', 'replay.share': 'Share session link',
    'replay.close': 'Leave replay', 'replay.closed': 'Replay connection closed', 'replay.linkCopied': 'Session link copied',
    'replay.noteText': 'Judgment (pinned to the replay time and the map centre)',
    'common.cancel': 'Cancel', 'common.ok': 'OK', 'common.saved': 'Saved', 'common.dispatched': 'Dispatched',
    'time.justNow': 'just now', 'time.min': 'min', 'time.h': 'h', 'time.ago': 'ago', 'time.never': 'none',
    'legend.title': 'Legend',
  },
};

const enums = {
  'zh-CN': {
    TeamStatus: { AVAILABLE: '待命', DISPATCHED: '已调派', EN_ROUTE: '途中', ON_SCENE: '到场', RETURNING: '返回', OUT_OF_SERVICE: '停用', UNREACHABLE: '失联' },
    TeamTier: { NATIONAL_FIRE_RESCUE: '国家综合性消防救援队伍', NATIONAL_PROFESSIONAL: '国家专业应急救援队伍', NATIONAL_REGIONAL_CENTRE: '国家区域应急救援中心',
      LOCAL_PROFESSIONAL: '地方专业救援队伍', SOCIAL: '社会应急力量', GRASSROOTS: '基层综合性应急救援队伍' },
    IncidentType: { EARTHQUAKE_GEOLOGICAL: '地震和地质灾害', FLOOD: '洪水灾害', URBAN_WATERLOGGING: '城市内涝', ICE_SNOW: '冰雪灾害',
      FOREST_GRASSLAND_FIRE: '森林草原火灾', URBAN_SPECIAL_FIRE: '城市特殊场景火灾', HAZARDOUS_CHEMICAL: '危化品安全事故', MINE_ACCIDENT: '矿山（隧道）安全事故',
      LIFE_RESCUE: '紧急生命救护', HOUSEHOLD: '家庭应急', OTHER: '其他' },
    Severity: { I: 'Ⅰ级（特别重大）', II: 'Ⅱ级（重大）', III: 'Ⅲ级（较大）', IV: 'Ⅳ级（一般）' },
    IncidentStatus: { REPORTED: '已上报', DISPATCHING: '调派中', ACTIVE: '处置中', CONTAINED: '已控制', CLOSED: '已关闭' },
    AssignmentStatus: { DISPATCHED: '已调派', EN_ROUTE: '途中', ON_SCENE: '到场', RETURNING: '返回', RELEASED: '已解除', CANCELLED: '已取消' },
    AlertKind: { STATUS_OVERDUE: '状态超时', POSITION_STALE: '位置过期', TEAM_UNREACHABLE: '队伍失联' },
    Uncovered: { NO_CANDIDATES: '无候选队伍', POSITIONS_TOO_STALE: '位置过旧', OUTSIDE_MAX_RADIUS: '超出搜索半径', ALL_COMMITTED: '均已调派',
      INSUFFICIENT_CAPACITY: '能力不足', BLOCKED: '道路中断' },
    Event: { TeamRegistered: '队伍登记', TeamUpdated: '队伍更新', TeamRemoved: '队伍删除', TeamStatusChanged: '队伍状态', IncidentReported: '事件上报',
      IncidentUpdated: '事件更新', IncidentStatusChanged: '事件状态', TeamDispatched: '调派', AssignmentStatusChanged: '任务状态',
      AlertRaised: '告警', AlertAcknowledged: '告警确认', AlertResolved: '告警解除', NoteAdded: '研判记录' },
  },
  en: {
    TeamStatus: { AVAILABLE: 'Available', DISPATCHED: 'Dispatched', EN_ROUTE: 'En route', ON_SCENE: 'On scene', RETURNING: 'Returning', OUT_OF_SERVICE: 'Out of service', UNREACHABLE: 'Unreachable' },
    TeamTier: { NATIONAL_FIRE_RESCUE: 'National fire and rescue', NATIONAL_PROFESSIONAL: 'National professional', NATIONAL_REGIONAL_CENTRE: 'National regional centre',
      LOCAL_PROFESSIONAL: 'Local professional', SOCIAL: 'Social force', GRASSROOTS: 'Grass-roots' },
    IncidentType: { EARTHQUAKE_GEOLOGICAL: 'Earthquake / geological', FLOOD: 'Flood', URBAN_WATERLOGGING: 'Urban waterlogging', ICE_SNOW: 'Ice and snow',
      FOREST_GRASSLAND_FIRE: 'Forest / grassland fire', URBAN_SPECIAL_FIRE: 'Special urban fire', HAZARDOUS_CHEMICAL: 'Hazardous chemicals', MINE_ACCIDENT: 'Mine / tunnel',
      LIFE_RESCUE: 'Life rescue', HOUSEHOLD: 'Household', OTHER: 'Other' },
    Severity: { I: 'I (most severe)', II: 'II', III: 'III', IV: 'IV' },
    IncidentStatus: { REPORTED: 'Reported', DISPATCHING: 'Dispatching', ACTIVE: 'Active', CONTAINED: 'Contained', CLOSED: 'Closed' },
    AssignmentStatus: { DISPATCHED: 'Dispatched', EN_ROUTE: 'En route', ON_SCENE: 'On scene', RETURNING: 'Returning', RELEASED: 'Released', CANCELLED: 'Cancelled' },
    AlertKind: { STATUS_OVERDUE: 'Status overdue', POSITION_STALE: 'Position stale', TEAM_UNREACHABLE: 'Team unreachable' },
    Uncovered: { NO_CANDIDATES: 'no candidates', POSITIONS_TOO_STALE: 'positions too stale', OUTSIDE_MAX_RADIUS: 'outside the radius', ALL_COMMITTED: 'all committed',
      INSUFFICIENT_CAPACITY: 'not enough capacity', BLOCKED: 'roads cut' },
    Event: { TeamRegistered: 'Team registered', TeamUpdated: 'Team updated', TeamRemoved: 'Team removed', TeamStatusChanged: 'Team status', IncidentReported: 'Incident reported',
      IncidentUpdated: 'Incident updated', IncidentStatusChanged: 'Incident status', TeamDispatched: 'Dispatched', AssignmentStatusChanged: 'Assignment status',
      AlertRaised: 'Alert', AlertAcknowledged: 'Alert acknowledged', AlertResolved: 'Alert resolved', NoteAdded: 'Judgment' },
  },
};

let lang = localStorage.getItem('muster.lang') || 'zh-CN';
const listeners = [];

export function t(key) {
  return messages[lang][key] ?? messages['zh-CN'][key] ?? key;
}

/** The label of an enum value, e.g. label('TeamStatus', 'EN_ROUTE'). */
export function label(type, value) {
  return enums[lang][type]?.[value] ?? value;
}

export function values(type) {
  return Object.keys(enums['zh-CN'][type]);
}

export function language() {
  return lang;
}

export function setLanguage(next) {
  lang = next;
  localStorage.setItem('muster.lang', next);
  document.documentElement.lang = next;
  apply(document);
  listeners.forEach((l) => l());
}

export function onLanguage(listener) {
  listeners.push(listener);
}

/** Fills every element marked with data-i18n (text) or data-i18n-placeholder. */
export function apply(root) {
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-placeholder]').forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
}
