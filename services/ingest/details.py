"""The facts of an incident other than a launch: what moved or was taken, how much, where, by whom and how.

Pure: no Kafka, no I/O. Read from the story's own clauses only (the spans extraction found for its event, the
event's sentence first): a background paragraph names other shipments, other thefts and other exercises, and
never sets these. Names come from tables of data (`NAMES`), the first one the own clauses mention winning;
figures from patterns in English, Japanese and Korean. Each fact keeps its span, as the event's fields do.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from launchwatch.schemas import EventType, IllicitActivity, IncidentDetails
from services.ingest.prefilter import Pattern, Text, every_match, first_match

_FLAGS = re.IGNORECASE

#: Where a figure is put: (field, value, the match it came from, the rule that found it).
Put = Callable[[str, Any, "re.Match[str] | None", str], None]


def _rx(pattern: str) -> Pattern:
    return Pattern(re.compile(pattern, _FLAGS))


class Names:
    """A table of canonical names and the words reports use for them; `first` is the one mentioned first."""

    def __init__(self, entries: Sequence[tuple[str, str]]) -> None:
        self.names = tuple(name for name, _ in entries)
        self.pattern = _rx("|".join(f"(?P<n{i}>{words})" for i, (_, words) in enumerate(entries)))

    def first(self, text: Text, spans: Iterable[tuple[int, int]]) -> tuple[str, re.Match[str]] | None:
        for start, end in spans:
            if m := self.pattern.search(text, start, end):
                assert m.lastgroup is not None
                return self.names[int(m.lastgroup[1:])], m
        return None


# --------------------------------------------------------------------------- names (data)

#: The DPRK's cyber groups, the more specific first where one report names a group and its parent.
CYBER_GROUPS = Names(
    (
        ("TraderTraitor", r"\bTrader ?Traitor\b|\bJade Sleet\b|\bUNC4899\b|トレーダートレイター|트레이더 ?트레이터"),
        ("BlueNoroff", r"\bBlue ?Noroff\b|\bSapphire Sleet\b|ブルーノロフ|블루노로프"),
        ("Andariel", r"\bAndariel\b|\bOnyx Sleet\b|\bAPT ?45\b|\bSilent Chollima\b|アンダリエル|안다리엘"),
        ("Kimsuky", r"\bKimsuky\b|\bAPT ?43\b|\bEmerald Sleet\b|\bVelvet Chollima\b|\bThallium\b|キムスキー|김수키"),
        ("APT37", r"\bAPT ?37\b|\bScarCruft\b|\bReaper\b|\bInkySquid\b|스카크루프트"),
        ("Famous Chollima", r"\bFamous Chollima\b"),
        ("Moonstone Sleet", r"\bMoonstone Sleet\b"),
        ("Lazarus", r"\bLazarus\b|\bAPT ?38\b|\bHidden Cobra\b|ラザルス|라자루스"),
    )
)

EXERCISES = Names(
    (
        (
            "Ulchi Freedom Shield",
            r"\bUlchi[- ]Freedom[- ]Shield\b|\bUFS\b|을지 ?(?:프리덤 ?실드|자유의 ?방패)|"
            r"乙支フリーダム",
        ),
        ("Freedom Edge", r"\bFreedom[- ]Edge\b|フリーダム[・ ]?エッジ|프리덤 ?에지|프리덤 ?엣지"),
        ("Freedom Shield", r"\bFreedom[- ]Shield\b|フリーダム[・ ]?シールド|프리덤 ?실드|자유의 ?방패"),
        ("Freedom Flag", r"\bFreedom[- ]Flag\b|프리덤 ?플래그"),
        ("Vigilant Defense", r"\bVigilant (?:Defen[cs]e|Storm)\b|비질런트 ?디펜스"),
        ("Pacific Dragon", r"\bPacific Dragon\b|パシフィック[・ ]?ドラゴン|퍼시픽 ?드래곤"),
        ("Pacific Vanguard", r"\bPacific Vanguard\b|퍼시픽 ?뱅가드"),
        ("Keen Sword", r"\bKeen Sword\b|キーン[・ ]?ソード"),
        ("Resolute Dragon", r"\bResolute Dragon\b|レゾリュート[・ ]?ドラゴン"),
        ("Sea Dragon", r"\bSea Dragon\b|시 ?드래곤"),
        ("RIMPAC", r"\bRIMPAC\b|リムパック|림팩"),
    )
)
#: The three's drills by their kind, when the report gives no name.
EXERCISE_KINDS = Names(
    (
        (
            "missile warning exercise",
            r"\bmissile[- ]warning (?:exercise|drill)s?\b|미사일 ?경보 ?훈련|ミサイル警戒訓練",
        ),
        (
            "anti-submarine warfare exercise",
            r"\banti-submarine (?:warfare )?(?:exercise|drill)s?\b|대잠(?:수함)?전? ?훈련|対潜(?:水艦)?戦?訓練",
        ),
        ("search and rescue exercise", r"\bsearch[- ]and[- ]rescue (?:exercise|drill)s?\b|수색구조 ?훈련|捜索救難訓練"),
        ("coast guard exercise", r"\bcoast guard (?:exercise|drill)s?\b|해경 ?훈련|海上保安機関の?(?:合同)?訓練"),
        ("air exercise", r"\bair (?:exercise|drill)s?\b|공중 ?훈련|(?:共同)?空中訓練"),
        ("maritime exercise", r"\b(?:maritime|naval) (?:exercise|drill)s?\b|해상 ?훈련|(?:共同)?海上訓練"),
    )
)

#: Places where troops are, shipments go, ships meet or the programme works.
PLACES = Names(
    (
        ("Kursk", r"\bKursk\b|クルスク|쿠르스크"),
        ("Donetsk", r"\bDonetsk\b|\bDonbas\b|ドネツク|도네츠크|돈바스"),
        ("Zaporizhzhia", r"\bZaporizhzhia\b|ザポリージャ|자포리자"),
        ("Kharkiv", r"\bKharkiv\b|ハルキウ|하르키우"),
        ("Russian Far East", r"\bRussia'?s Far East\b|\bRussian Far East\b|\bPrimorsky\b|沿海地方|극동|연해주"),
        ("Vladivostok", r"\bVladivostok\b|ウラジオストク|블라디보스토크"),
        ("Yongbyon", r"\bYongbyon\b|寧辺|ニョンビョン|영변"),
        ("Kangson", r"\bKangson\b|降仙|カンソン|(?<![가-힣])강선"),
        ("Punggye-ri", r"\bPunggye[- ]?ri\b|豊渓里|풍계리"),
        ("East China Sea", r"\bEast China Sea\b|東シナ海|동중국해"),
        ("Yellow Sea", r"\bYellow Sea\b|黄海|(?<![가-힣])서해"),
        ("Jeju", r"\bJeju\b|済州|제주"),
        ("Sea of Japan (East Sea)", r"\bSea of Japan\b|\bEast Sea\b|日本海|(?<![가-힣])동해"),
    )
)

#: Ports and crossings between the DPRK and Russia (and where cargo moves on).
ROUTES = Names(
    (
        ("Rajin", r"\bRajin\b|\bNajin\b|\bRason\b|羅津|ラジン|나진|라진|라선"),
        ("Tumangang", r"\bTumangang\b|\bTumen River\b|豆満江|두만강"),
        ("Khasan", r"\bKhasan\b|ハサン|하산역"),
        ("Dunai", r"\bDunai\b|ドゥナイ|두나이"),
        ("Vostochny", r"\bVostochny\b|ボストーチヌイ|보스토치니"),
        ("Nakhodka", r"\bNakhodka\b|ナホトカ|나홋카"),
        ("Chongjin", r"\bChongjin\b|清津|청진"),
    )
)

REPORTERS = Names(
    (
        ("MSMT", r"\bMultilateral Sanctions Monitoring Team\b|\bMSMT\b|多国間制裁監視チーム|다국적제재모니터링팀"),
        (
            "UN Panel of Experts",
            r"\bpanel of experts\b|\bU\.?N\.? (?:sanctions )?(?:monitors|panel)\b|専門家パネル|"
            r"전문가 ?패널",
        ),
        ("FBI", r"\bFBI\b|\bFederal Bureau of Investigation\b|連邦捜査局|연방수사국"),
        ("NIS", r"\bNIS\b|\bNational Intelligence Service\b|국가정보원|국정원|国家情報院"),
        ("JCS", r"\bJCS\b|\bJoint Chiefs of Staff\b|합동참모본부|합참|統合参謀本部"),
        ("IAEA", r"\bIAEA\b|\bInternational Atomic Energy Agency\b|国際原子力機関|국제원자력기구"),
        ("KCNA", r"\bKCNA\b|\bKorean Central News Agency\b|朝鮮中央通信|조선중앙통신"),
        ("US Treasury", r"\bTreasury\b|財務省|재무부"),
        ("US State Department", r"\bState Department\b|\bDepartment of State\b|국무부|国務省"),
        ("US Justice Department", r"\bJustice Department\b|\bDepartment of Justice\b|\bDOJ\b|司法省|법무부"),
        ("White House", r"\bWhite House\b|\bKirby\b|ホワイトハウス|백악관"),
        ("Pentagon", r"\bPentagon\b|\bDefen[cs]e Department\b|国防総省|미 ?국방부|美 ?국방부"),
        (
            "ROK Defense Ministry",
            r"\bSouth Korea(?:n|'s)? (?:defen[cs]e|military) ministry\b|국방부|韓国国防省|韓国国防相",
        ),
        ("ROK Foreign Ministry", r"\bSouth Korea(?:n|'s)? foreign ministry\b|외교부|韓国外務省|韓国外交省"),
        ("ROK Navy", r"\bSouth Korea(?:n|'s)? navy\b|\bROK Navy\b|해군|韓国海軍"),
        (
            "ROK Defense Intelligence Agency",
            r"\b(?:South Korea(?:n|'s)?|Seoul's) Defen[cs]e Intelligence Agency\b|국방정보본부",
        ),
        (
            "US Defense Intelligence Agency",
            r"\b(?:U\.S\.|US|American) Defen[cs]e Intelligence Agency\b|미 ?국방정보국|米国防情報局",
        ),
        # Unqualified, it may be either's.
        ("Defense Intelligence Agency", r"\bDefen[cs]e Intelligence Agency\b"),
        (
            "US Director of National Intelligence",
            r"\bDirector of National Intelligence\b|\bDNI\b|国家情報長官|국가정보국장",
        ),
        ("US intelligence", r"\b(?:U\.S\.|US|American) intelligence\b|米情報機関|미 ?정보당국"),
        ("NATO", r"\bNATO\b|北大西洋条約機構|나토"),
        (
            "Ukrainian intelligence",
            r"\bHUR\b|\bGUR\b|Ukrain\w* (?:military )?intelligence|ウクライナ\w{0,4}情報|"
            r"우크라이나 ?정보",
        ),
        ("Japan Foreign Ministry", r"\bJapan(?:ese|'s)? Foreign Ministry\b|外務省|일본 ?외무성"),
        ("Japan Defense Ministry", r"\bJapan(?:ese|'s)? Defen[cs]e Ministry\b|防衛省|일본 ?방위성"),
        ("Japan National Police Agency", r"\bNational Police Agency\b|警察庁"),
        ("Japan Coast Guard", r"\bJapan(?:ese|'s)? Coast Guard\b|海上保安庁|해상보안청"),
        ("Korean National Police Agency", r"\bKorean National Police\b|경찰청"),
        ("Chainalysis", r"\bChainalysis\b|체이널리시스"),
        ("Elliptic", r"\bElliptic\b|엘립틱"),
        ("TRM Labs", r"\bTRM Labs\b|\bTRM\b"),
        ("Mandiant", r"\bMandiant\b|맨디언트"),
        ("Microsoft", r"\bMicrosoft\b|マイクロソフト|마이크로소프트"),
        ("Symantec", r"\bSymantec\b|シマンテック|시만텍"),
        ("BAE Systems", r"\bBAE Systems\b"),
        ("Kaspersky", r"\bKaspersky\b|カスペルスキー|카스퍼스키"),
        ("Recorded Future", r"\bRecorded Future\b"),
        ("Kremlin", r"\bKremlin\b|\bPeskov\b|クレムリン|크렘린"),
        ("KCTV", r"\bKCTV\b|\bKorean Central (?:TV|Television)\b|朝鮮中央テレビ|조선중앙(?:TV|텔레비전)"),
        ("Zelensky", r"\bZelensk(?:y|iy|yy)\b|ゼレンスキー|젤렌스키"),
        (
            "Ukraine General Staff",
            r"\b(?:Ukraine's|Ukrainian) General Staff\b|\bGeneral Staff of (?:the )?Ukrain\w*|우크라이나군? 총참모부",
        ),
        ("CrowdStrike", r"\bCrowdStrike\b"),
        ("ZachXBT", r"\bZachXBT\b"),
        ("38 North", r"\b38 North\b|38노스"),
        ("CSIS", r"\bCSIS\b|\bBeyond Parallel\b|戦略国際問題研究所|전략국제문제연구소"),
        ("RUSI", r"\bRUSI\b|\bRoyal United Services Institute\b"),
        ("Open Source Centre", r"\bOpen Source Cent(?:re|er)\b"),
    )
)

#: What an incident of each type is about, the first the own clauses name.
WHAT: dict[EventType, Names] = {
    EventType.ARMS_TRANSFER: Names(
        (
            ("ballistic missiles", r"\bballistic missiles?\b|\bKN-2[34]\b|\bHwasong-11\b|弾道ミサイル|탄도 ?미사일"),
            ("rocket launchers", r"\b(?:multiple )?rocket launchers?\b|\bMRLs?\b|多連装ロケット|放射砲|방사포"),
            ("artillery", r"\bhowitzers?\b|\bself-propelled (?:guns?|artillery)\b|\bKoksan\b|自走砲|자주포|곡산"),
            ("air-defence systems", r"\bair[- ]defen[cs]e\b|\bPantsir\b|防空|방공"),
            ("fighter jets", r"\bfighter (?:jets?|aircraft)\b|\bMiG-\d+|\bSu-\d+|戦闘機|전투기"),
            ("artillery shells", r"\bartillery (?:shells|rounds|ammunition)\b|\bshells\b|砲弾|포탄"),
            ("munitions", r"\bmunitions?\b|\bammunition\b|\bweapons\b|弾薬|武器|탄약|무기"),
            ("military technology", r"\b(?:military|missile|satellite|space) technolog\w*|軍事技術|군사 ?기술"),
            ("refined petroleum", r"\brefined petroleum\b|\boil\b|石油|정제유|석유"),
        )
    ),
    EventType.SANCTIONS_EVASION: Names(
        (
            (
                "refined petroleum",
                r"\brefined petroleum\b|\b(?:diesel|fuel|oil|petroleum)\b|石油|燃料|정제유|석유|"
                r"유류",
            ),
            ("coal", r"\bcoal\b|\banthracite\b|石炭|석탄"),
            ("iron ore", r"\biron ore\b|鉄鉱石|철광석"),
            ("seafood", r"\bseafood\b|水産物|수산물"),
            ("textiles", r"\btextiles?\b|繊維|섬유"),
            ("luxury goods", r"\bluxury goods\b|\bluxury cars?\b|ぜいたく品|사치품"),
            ("IT work", r"\bIT workers?\b|\bremote (?:IT )?workers?\b|IT労働者|IT技術者|IT ?인력|IT ?노동자"),
            ("workers", r"\bworkers\b|\blabou?rers\b|労働者|노동자"),
        )
    ),
    EventType.NUCLEAR_ACTIVITY: Names(
        (
            ("uranium enrichment", r"\benrich\w*|\bcentrifuges?\b|濃縮|遠心分離|농축|원심분리"),
            ("plutonium reprocessing", r"\breprocess\w*|\bplutonium\b|再処理|プルトニウム|재처리|플루토늄"),
            ("light-water reactor", r"\blight[- ]water reactor\b|軽水炉|경수로"),
            ("reactor operation", r"\breactor\b|原子炉|원자로"),
            ("nuclear material production", r"\bnuclear materials?\b|\bfissile\b|核物質|핵물질"),
            (
                "nuclear weapons",
                r"\bnuclear (?:weapons?|warheads?)\b|\bHwasan-31\b|核兵器|核弾頭|핵무기|핵탄두|"
                r"화산-31",
            ),
        )
    ),
    EventType.TRILATERAL_ACTION: Names(
        (
            (
                "missile-warning data sharing",
                r"\bwarning data\b|\bdata[- ]sharing\b|警戒データ|情報共有|경보 ?정보|"
                r"정보 ?공유",
            ),
            ("secretariat", r"\bsecretariat\b|事務局|사무국"),
            ("air exercise", r"\bair (?:drill|exercise)\b|\bB-52\w*|\bB-1B\b|\bbombers?\b|戦闘機|爆撃機|전투기|폭격기"),
            (
                "naval exercise",
                r"\bnaval\b|\bdestroyers?\b|\baircraft carrier\b|\bmaritime\b|駆逐艦|空母|구축함|"
                r"항공모함|해상",
            ),
            ("missile-defence exercise", r"\bmissile[- ]defen[cs]e\b|\bBMD\b|ミサイル防衛|미사일 ?방어"),
        )
    ),
}

#: How, per type: the first the own clauses name.
METHODS: dict[EventType, Names] = {
    EventType.ARMS_TRANSFER: Names(
        (
            ("rail", r"\brail\w*|\btrains?\b|\bfreight cars?\b|\bwagons\b|鉄道|貨車|列車|철도|열차|화차"),
            ("sea", r"\bby sea\b|\bcargo ships?\b|\bvessels?\b|\bships?\b|\bport\b|船|港|선박|화물선|항구"),
            ("air", r"\bby air\b|\bcargo (?:planes?|flights?)\b|\bIl-76\b|輸送機|수송기"),
        )
    ),
    EventType.SANCTIONS_EVASION: Names(
        (
            ("ship-to-ship transfer", r"\bship-to-ship\b|\bSTS\b|瀬取り|환적"),
            ("false documents", r"\bfalsif\w+|\bforged\b|\bfake (?:documents|identities|papers)\b|偽造|위조"),
            ("AIS turned off", r"\bAIS\b|\btransponders?\b|자동식별장치"),
            (
                "front companies",
                r"\bfront compan\w+|\bshell compan\w+|\blaptop farms?\b|ダミー会社|페이퍼 ?컴퍼니|"
                r"위장 ?(?:회사|업체)",
            ),
            ("smuggling", r"\bsmuggl\w+|密輸|밀수"),
        )
    ),
    EventType.CYBER_INCIDENT: Names(
        (
            ("ransomware", r"\bransomware\b|ランサムウェア|랜섬웨어"),
            ("supply-chain compromise", r"\bsupply[- ]chain\b|サプライチェーン|공급망"),
            (
                "fake job offers",
                r"\bfake (?:job|recruit\w*)|\bjob (?:offers?|lures?|interviews?)\b|\brecruiters?\b|"
                r"偽の求人|채용",
            ),
            ("phishing", r"\b(?:spear[- ]?)?phishing\b|フィッシング|피싱"),
            ("malware", r"\bmalware\b|\bmalicious code\b|マルウェア|악성 ?코드"),
            ("private-key compromise", r"\bprivate keys?\b|\bvalidator keys?\b|\bmultisig\b|秘密鍵|개인 ?키"),
        )
    ),
}

ROLES = Names(
    (
        ("combat", r"\bcombat\b|\bfight\w*|\bfront ?lines?\b|\bassaults?\b|\bbattle\w*|戦闘|参戦|前線|전투|참전|전선"),
        (
            "engineers",
            r"\b(?:military )?engineers\b|\bsappers\b|\bdeminers\b|\bmine[- ]clear\w*|工兵|地雷除去|공병|"
            r"지뢰 ?제거",
        ),
        ("construction", r"\bbuilders\b|\bconstruction\b|\breconstruction\b|建設|復旧|건설|복구"),
        ("workers", r"\bworkers\b|\blabou?rers\b|労働者|노동자"),
    )
)

# --------------------------------------------------------------------------- figures

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE_WORDS = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9}
_SCALE = r"(?:\s?(?P<scale>thousand|million|billion|mn|bn|m|b|k)\b)?"
#: A number written with Japanese or Korean myriads ("3億800万", "1만 2천", "482億").
_CJK = r"(?:(?:" + _DIGITS + r")\s?(?:兆|億|万|千|조|억|만|천)\s?)*(?:" + _DIGITS + r")?(?<=[\d兆億万千조억만천])"
_CJK_UNITS = {"兆": 1e12, "조": 1e12, "億": 1e8, "억": 1e8, "万": 1e4, "만": 1e4, "千": 1e3, "천": 1e3}
_CJK_PART = re.compile(r"(" + _DIGITS + r")?\s?([兆億万千조억만천])?")


def cjk_number(text: str) -> float | None:
    """'3億800万' -> 308000000.0; '1만 2천' -> 12000.0; '1,500' -> 1500.0."""
    total, seen = 0.0, False
    for digits, unit in _CJK_PART.findall(text.replace(" ", "")):
        if not digits and not unit:
            continue
        seen = True
        value = float(digits.replace(",", "")) if digits else 1.0
        total += value * _CJK_UNITS[unit] if unit else value
    return total if seen else None


def _scaled(m: re.Match[str], num: str = "num", scale: str = "scale") -> float:
    """A figure and its scale word ("1.5 billion", "$600m"); no figure with a scale is one ("a million barrels")."""
    value = float(m[num].replace(",", "")) if m[num] else 1.0
    return value * _SCALE_WORDS.get((m[scale] or "").lower(), 1.0)


_DOLLARS = r"(?:US ?)?\$\s?(?P<num>" + _DIGITS + r")" + _SCALE
_DOLLARS_IN_WORDS = r"(?P<num2>" + _DIGITS + r")\s?(?P<scale2>million|billion)?\s(?:US |American )?dollars\b"
AMOUNT_USD = _rx(_DOLLARS + "|" + _DOLLARS_IN_WORDS)
AMOUNT_USD_CJK = _rx(r"(?P<cjk>" + _CJK + r")\s?(?:米?ドル|달러)")
#: Yen and won, kept as written: no exchange rate is applied.
AMOUNT_OTHER = _rx(
    r"(?P<cjk>" + _CJK + r")\s?(?:円|원)|(?:¥|￥|₩)\s?(?:" + _DIGITS + r")|(?:" + _DIGITS + r")\s(?:yen|won)\b"
)

_ABOUT_EN = r"(?:(?:about|around|roughly|nearly|almost|some|more than|over|at least|up to|an estimated)\s)?"
_TROOP_NOUNS = (
    r"(?:(?:North Korean|DPRK|Korean People's Army|KPA)\s)?(?:(?:special[- ]forces?|elite|combat)\s)?"
    r"(?:troops|soldiers|servicemen|personnel|sappers|deminers|military engineers|engineers|military builders|builders"
    r"|construction workers|workers|laborers|labourers|fighters)\b"
)
PERSONNEL = _rx(
    r"(?<![\d,.$])(?P<num>"
    + _DIGITS
    + r")"
    + _SCALE
    + r"\s"
    + _TROOP_NOUNS
    + r"|"
    + _TROOP_NOUNS
    + r",?\s(?:numbering\s)?"
    + _ABOUT_EN
    + r"(?P<num2>"
    + _DIGITS
    + r")\b"
)
PERSONNEL_CJK = _rx(
    r"(?:兵士|兵力|部隊|将兵|軍人|工兵|要員|労働者|병력|군인|장병|병사|공병|인력|노동자|군)\s?(?:約|およそ|약)?\s?"
    r"(?P<cjk>" + _CJK + r")\s?(?:人|名|명)"
    r"|(?:約|およそ|약)?\s?(?P<cjk2>" + _CJK + r")\s?(?:人|名|명)(?:規模|가량|여|이상|以上)?\s?(?:の|의)?\s?"
    r"(?:北朝鮮)?(?:兵士|兵|部隊|将兵|軍人|工兵|병력|군인|장병|병사|공병|북한군|군)"
)
CASUALTIES = _rx(
    r"(?P<num>" + _DIGITS + r")" + _SCALE + r"\s(?:(?:North Korean\s)?(?:troops|soldiers)\s)?(?:have been\s|were\s|"
    r"had been\s)?"
    r"(?:killed (?:or|and) (?:wounded|injured)|casualties|dead (?:or|and) wounded)"
    r"|(?P<killed>" + _DIGITS + r")\s(?:[\w-]+\s){0,3}?(?:have been\s|were\s)?(?:killed|dead)(?:,|\sand)\s(?:about\s|"
    r"some\s|nearly\s)?"
    r"(?P<wounded>" + _DIGITS + r")\s(?:\w+\s)?(?:wounded|injured)"
    r"|(?:死傷者|사상자)(?:は|가|는)?\s?(?:約|およそ|약)?\s?(?P<cjk>" + _CJK + r")\s?(?:人|名|명)"
)
QUANTITY = _rx(
    r"(?<![\d,.$])(?:(?P<num>"
    + _DIGITS
    + r")|(?P<one>a|one))"
    + _SCALE
    # "50 of its home-built 170mm self-propelled howitzers": the thing may come a few words on.
    + r"\s(?:of\s(?:its|their|the)\s)?(?:[\w-]+\s){0,4}?(?:(?:shipping|cargo|freight)\s)?"
    r"(?P<unit>containers|shells|rounds|railcars|rail cars|freight cars|wagons|tonnes|tons|metric tons|barrels"
    r"|missiles|launchers|rocket launchers|howitzers|guns|centrifuges|fuel rods|shipments)\b"
)
QUANTITY_CJK = _rx(
    r"(?P<noun>コンテナ|砲弾|弾薬|ミサイル|石炭|石油|貨車|컨테이너|포탄|탄약|미사일|석탄|정제유|석유|화차)"
    r"[^\d。.、,]{0,8}?(?:約|およそ|약)?\s?(?P<cjk>" + _CJK + r")\s?(?P<counter>個|箱|発|基|トン|t|バレル|両|개|"
    r"발(?![사표])|기|톤|배럴|량)"
    # The count first, the thing after ("約1万個のコンテナ", "컨테이너" after "1만 개의").
    r"|(?:約|およそ|약)?\s?(?P<cjk2>" + _CJK + r")\s?(?P<counter2>個|개)\s?(?:の|의)?\s?(?P<noun2>コンテナ|컨테이너)"
)
_UNITS_CJK = {
    "トン": "tonnes",
    "t": "tonnes",
    "톤": "tonnes",
    "バレル": "barrels",
    "배럴": "barrels",
    "両": "railcars",
    "량": "railcars",
}
_NOUN_UNITS = {
    "コンテナ": "containers",
    "컨테이너": "containers",
    "砲弾": "shells",
    "포탄": "shells",
    "弾薬": "shells",
    "탄약": "shells",
    "ミサイル": "missiles",
    "미사일": "missiles",
    "貨車": "railcars",
    "화차": "railcars",
}

# --------------------------------------------------------------------------- cyber: what it was, whom it hit

_EXTORTION = _rx(r"\bransom\w*|\bextort\w*|身代金|ランサムウェア|恐喝|랜섬웨어|몸값|갈취")
_THEFT = _rx(
    r"\$\s?\d|\bdollars\b|\bcrypto\w*|\bvirtual (?:assets?|currenc\w+)|\bbitcoin\b|\bether(?:eum)?\b|\btokens?\b"
    r"|\bheist\b|\bstablecoins?\b|\bfunds\b|\bwallets?\b|\bexchange\b|\bbank\b|暗号資産|仮想通貨|ビットコイン|"
    r"イーサリアム"
    r"|億円|万ドル|億ドル|가상 ?자산|암호 ?화폐|비트코인|이더리움|코인|거래소|억 ?원|달러"
)
_IT_WORKERS = _rx(
    r"\bIT workers?\b|\bremote (?:IT )?workers?\b|\blaptop farms?\b|IT労働者|IT技術者|IT ?인력|"
    r"IT ?노동자"
)
_ESPIONAGE = _rx(
    # Data taken, not money: documents, files, gigabytes.
    r"\b(?:stole|stolen|exfiltrated|took|taken|copied)\s(?:[\w-]+\s){0,3}(?:data|documents|files|information|emails)\b"
    r"|\b(?:giga|tera)bytes?\b|\b\d+\s?[GT]B\b|ギガバイト|テラバイト|기가바이트|테라바이트"
    r"|(?:データ|資料|文書|情報)を(?:外部に)?(?:持ち出|盗|窃取)|(?:데이터|자료|문서|정보)(?:를|을)? ?(?:빼돌|빼내|"
    r"유출|탈취|훔)"
    # Whom it hit: makers and designers of weapons, researchers of the state's secrets.
    r"|\b(?:missile|rocket|weapons?|defen[cs]e|aerospace|nuclear|shipbuilding|satellite) (?:makers?|manufacturers?"
    r"|design bureaus?|contractors?|firms?|companies|institutes?|researchers)\b"
    r"|\bespionage\b|\bspy\w*|\bspied\b|\bclassified\b|\bsecrets?\b|\bsensitive (?:data|information|documents)\b"
    r"|\b(?:defen[cs]e|military|nuclear|satellite|aerospace|shipbuilding) (?:technolog\w+|data|information|documents|"
    r"secrets)"
    r"|\bexfiltrat\w*|\bsurveillance\b|\bdefen[cs]e (?:contractors?|firms?|companies|industry|sector)\b"
    r"|\b(?:read|monitored|accessed|snooped on) (?:the\s)?(?:\w+\s)?e-?mails?\b|\bdiplomats?\b|\bthink[- ]tanks?\b"
    r"|防衛産業|防衛企業|防衛関連|軍事技術|先端技術|技術の窃取|研究機関|外交官|방산|방위 ?산업|군사 ?기술|첨단 ?기술"
    r"|메일 ?(?:송수신 ?)?내역|외교관|연구 ?기관|スパイ|機密|諜報|技術情報|情報を窃取|간첩|기밀|기술 ?(?:자료|"
    r"정보)?\s?(?:를|을)?\s?(?:탈취|유출|빼)"
    r"|자료 ?유출|정보 ?탈취|첩보"
)
#: Damage done: data wiped, systems paralysed, service denied (malicious cyber activity, not spying).
_DESTRUCTIVE = _rx(
    r"\bdestructive\b|\bwip(?:ed|ing|er)\b|\bdestroy\w*|\bparaly[sz]\w*|\bsabotag\w*|\bDDoS\b"
    r"|\bdenial[- ]of[- ]service\b|\bdisrupt\w*|\bcrippl\w*|\bknocked (?:\w+ )?offline\b"
    # Websites defaced ("청와대 홈페이지 변조", "改ざん"): an attack shown, not spying.
    r"|\bdefac(?:ed|ing|ement)\b|改ざん|改竄|변조"
    r"|破壊|消去|まひ|麻痺|妨害|마비|파괴|삭제|디도스"
)

#: A proper name: capitalised words, case-sensitive inside the case-blind patterns.
_VICTIM_NAME = (
    r"(?P<{}>(?-i:[A-Z][A-Za-z0-9.]*(?:[ -](?:[A-Z0-9][A-Za-z0-9.]*)){0,2}))(?!\s(?:said|says|told|reported))"
)
VICTIM = _rx(
    r"(?:stole|stealing|steal|drained|draining|siphoned|taken|hack(?:ed|ing)? (?:of|into)|heist (?:at|on)|breach of"
    r"|attack on|theft (?:at|from|of))\s(?:[^.;]{0,60}?\s)??(?:from\s)?(?:the\s)?"
    r"(?:(?:crypto(?:currency)?|digital[- ]asset|Japanese|South Korean|Korean|Dubai-based|Singapore-based|"
    r"[A-Z][a-z]+-based)\s)?"
    r"(?:(?:exchange|platform|bridge|wallet|firm|company|hospital|operator|provider|developer|maker)\s)?"
    + _VICTIM_NAME.replace("{}", "victim")
    + r"|\bthe\s"
    + _VICTIM_NAME.replace("{}", "victim1")
    + r"(?:'s)?\s(?:hack|heist|breach|exploit|theft)\b"
    r"|(?:exchange|取引所|거래소)\s?[「『\"“]?(?P<victim2>[A-Za-z0-9][A-Za-z0-9. ]{1,30}?|[ァ-ヴー・]{2,20}|"
    r"[가-힣]{2,10}?)[」』\"”]?"
    r"(?:から|で|が|は|의|에서|가|이|은|를|을|,|\s)"
    r"|(?P<victim3>[A-Za-z][A-Za-z0-9.]{1,20}(?:[ァ-ヴー・]{0,12})|[ァ-ヴー・]{2,20})から[^。]{0,30}(?:流出|盗|不正)"
)
#: Names a victim cannot be: the doers, reporters, places and time words a capitalised phrase may be.
_NOT_VICTIMS = re.compile(
    r"^(?:North|South|The|A|An|Its|Their|This|That|Last|Lazarus|TraderTraitor|Kimsuky|Andariel|Pyongyang|Seoul|Tokyo"
    r"|Washington|FBI|US|U\.S|Japan|Korea|Russia|China|January|February|March|April|May|June|July|August|September"
    r"|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Users?|Investors?)\b"
)

_SHIP_NAME = r"(?-i:[A-Z][A-Za-z]+(?:\s(?:[A-Z][A-Za-z]*|\d{1,3})){0,3})"
VESSEL = _rx(
    r"(?:tankers?|vessels?|ships?|freighters?|carriers?|cargo ship),?\s(?:named\s|called\s|the\s)?[\"“']?"
    r"(?P<vessel>" + _SHIP_NAME + r")[\"”']?"
    r"|(?:the\s)?[\"“'](?P<vessel2>" + _SHIP_NAME + r")[\"”'],?\s(?:an?\s)?(?:[\w-]+\s){0,3}(?:tanker|vessel|ship|"
    r"freighter)"
    r"|(?:[\w-]+-(?:flagged|registered)|\d[\d,]*-(?:tonne|ton))\s(?:(?:oil\s|bulk\s|cargo\s)?(?:tanker|vessel|ship|"
    r"freighter|carrier)\s)?"
    r"(?P<vessel5>" + _SHIP_NAME + r")"
    r"|\b(?:M/[TV]|MV|MT)\s(?P<vessel6>" + _SHIP_NAME + r")"
    r"|(?:タンカー|船舶|貨物船|船)\s?[「『](?P<vessel3>[^」』]{1,30})[」』]"
    r"|(?:유조선|선박|화물선|운반선)\s?['\u2018\"“]?(?P<vessel4>[가-힣A-Za-z0-9 ]{1,20}?호)"
)
_NOT_VESSELS = re.compile(
    r"^(?:North|South|Russian|Chinese|Japanese|Korean|The|A|An|Its|That|This|Flagged|United|Japan|China|Russia|Korea)\b"
)


def _named(put: Put, field: str, table: Names, text: Text, spans: Sequence[tuple[int, int]]) -> str | None:
    if hit := table.first(text, spans):
        put(field, hit[0], hit[1], field)
        return hit[0]
    return None


def _amount(put: Put, text: Text, spans: Sequence[tuple[int, int]]) -> None:
    """The first sum the own clauses state: in dollars, or in yen or won (kept as written, no rate applied)."""
    if (m := first_match((AMOUNT_USD, AMOUNT_USD_CJK, AMOUNT_OTHER), text, spans)) is None:
        return
    put("amount", m.group().strip(), m, "amount")
    if m.re is AMOUNT_USD.regex:
        put("amount_usd", _scaled(m) if m["num"] else _scaled(m, "num2", "scale2"), m, "amount")
    elif m.re is AMOUNT_USD_CJK.regex and (value := cjk_number(m["cjk"])) is not None:
        put("amount_usd", value, m, "amount")


#: Troops counted as losses, not as the force sent ("300 soldiers were killed").
_LOST_AFTER = re.compile(
    r"\s(?:(?:have|had)\sbeen\s|were\s|are\s)?(?:killed|wounded|dead|injured|captured)|\s?(?:が|"
    r"이|가)?\s?(?:死亡|負傷|사망|부상)"
)


def _personnel(put: Put, text: Text, spans: Sequence[tuple[int, int]]) -> None:
    for m in (m for pattern in (PERSONNEL, PERSONNEL_CJK) for m in every_match((pattern,), text, spans)):
        if _LOST_AFTER.match(text.raw, m.end()):
            continue
        if m.re is PERSONNEL.regex:
            value = _scaled(m) if m["num"] else float(m["num2"].replace(",", ""))
        else:
            value = cjk_number(m["cjk"] or m["cjk2"]) or 0
        if value >= 10:  # "two soldiers captured" tells no deployment's size
            put("personnel", int(value), m, "personnel")
            return


def _casualties(put: Put, text: Text, spans: Sequence[tuple[int, int]]) -> None:
    if m := first_match((CASUALTIES,), text, spans):
        if m["killed"]:
            value: float | None = float(m["killed"].replace(",", "")) + float(m["wounded"].replace(",", ""))
        else:
            value = _scaled(m) if m["num"] else cjk_number(m["cjk"])
        if value:
            put("casualties", int(value), m, "casualties")


def _quantity(put: Put, text: Text, spans: Sequence[tuple[int, int]]) -> None:
    for start, end in spans:
        # "a million barrels" counts; "a missile" or "one of its launchers" does not.
        if m := next((q for q in every_match((QUANTITY,), text, [(start, end)]) if q["num"] or q["scale"]), None):
            unit = m["unit"].lower().replace("rail cars", "railcars").replace("freight cars", "railcars")
            unit = {"tons": "tonnes", "metric tons": "tonnes", "wagons": "railcars", "rounds": "shells"}.get(unit, unit)
            put("quantity", _scaled(m), m, "quantity")
            put("unit", unit, m, "quantity")
            return
        # (The count may match empty after a word of magnitude alone: "수백만 발", millions of rounds, is no figure.)
        if (
            (m := QUANTITY_CJK.search(text, start, end))
            and (count := m["cjk"] or m["cjk2"])
            and (value := cjk_number(count)) is not None
        ):
            # (A count before its counter and noun, "約1万個のコンテナ", has no counter of its own: its noun says.)
            unit = _UNITS_CJK.get(m["counter"]) or (
                "containers" if re.search("コンテナ|컨테이너", m.group()) else _NOUN_UNITS.get(m["noun"], "items")
            )
            put("quantity", value, m, "quantity")
            put("unit", unit, m, "quantity")
            return


#: The groups whose known mission is intelligence, not money: what they do, when a report does not say, is spying.
ESPIONAGE_GROUPS = frozenset({"Kimsuky", "APT37"})


def _activity(
    put: Put, event_type: EventType, text: Text, spans: Sequence[tuple[int, int]], group: str | None = None
) -> None:
    """Whether it earned the DPRK anything: a ransom or a theft of money is revenue, spying on secrets is not."""
    if event_type == EventType.SANCTIONS_EVASION:
        m = first_match((_IT_WORKERS,), text, spans)
        put("activity", IllicitActivity.IT_WORKERS if m else IllicitActivity.EVASION, m, "activity")
        return
    # The event's own sentence first: a later line on other thefts does not make spying a theft.
    for span in spans:
        for activity, pattern in (
            (IllicitActivity.EXTORTION, _EXTORTION),
            (IllicitActivity.THEFT, _THEFT),
            (IllicitActivity.IT_WORKERS, _IT_WORKERS),
            (IllicitActivity.ESPIONAGE, _ESPIONAGE),
        ):
            if m := pattern.search(text, *span):
                put("activity", activity, m, "activity")
                return
    if group in ESPIONAGE_GROUPS:
        put("activity", IllicitActivity.ESPIONAGE, None, f"activity-of-{group}")
    elif event_type == EventType.CYBER_INCIDENT and first_match((_DESTRUCTIVE,), text, spans) is None:
        # An intrusion whose telling names no money, ransom, workers' pay or damage done earned the DPRK nothing
        # it says: spying, or an attempt at it ("broke into the networks of seven vaccine makers"). A destructive
        # attack stays malicious cyber activity.
        put("activity", IllicitActivity.ESPIONAGE, None, "activity-no-revenue-named")


_WORD = re.compile(r"[A-Za-z][a-z]{3,}")


def _prose(text: Text, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans not written in headline case ("Seizes North Korean Cargo Ship Used to Smuggle Coal"), where a
    capital tells a name."""
    kept = []
    for start, end in spans:
        words = _WORD.findall(text.raw, start, end)
        if len(words) < 4 or sum(w[0].isupper() for w in words) < 0.6 * len(words):
            kept.append((start, end))
    return kept


def _proper_name(
    put: Put,
    field: str,
    pattern: Pattern,
    excluded: re.Pattern[str],
    text: Text,
    spans: Sequence[tuple[int, int]],
    trim: str | None = None,
) -> None:
    """The first name one of the pattern's named groups captures in prose, not one of the excluded words (`trim`:
    the characters stripped from its ends, whitespace by default)."""
    for m in every_match((pattern,), text, _prose(text, spans)):
        name = next(filter(None, m.groupdict().values()), "").strip(trim)
        if name and not excluded.match(name):
            put(field, name, m, field)
            return


#: The types whose incidents carry details.
DETAILED_TYPES = frozenset(
    {
        EventType.ARMS_TRANSFER,
        EventType.TROOP_DEPLOYMENT,
        EventType.CYBER_INCIDENT,
        EventType.SANCTIONS_EVASION,
        EventType.NUCLEAR_ACTIVITY,
        EventType.TRILATERAL_ACTION,
    }
)


def read_details(event_type: EventType, text: Text, spans: Sequence[tuple[int, int]], put: Put) -> None:
    """Put each fact the own clauses state of an incident of `event_type` (fields of `IncidentDetails`)."""
    if event_type not in DETAILED_TYPES:
        return
    _named(put, "reported_by", REPORTERS, text, spans)
    if (what := WHAT.get(event_type)) is not None:
        _named(put, "what", what, text, spans)
    if (methods := METHODS.get(event_type)) is not None:
        _named(put, "method", methods, text, spans)
    if event_type in (EventType.ARMS_TRANSFER, EventType.SANCTIONS_EVASION):
        _quantity(put, text, spans)
    if event_type == EventType.ARMS_TRANSFER:
        _named(put, "route", ROUTES, text, spans)
    if event_type == EventType.TROOP_DEPLOYMENT:
        _personnel(put, text, spans)
        _casualties(put, text, spans)
        _named(put, "role", ROLES, text, spans)
    group = _named(put, "group", CYBER_GROUPS, text, spans) if event_type == EventType.CYBER_INCIDENT else None
    if event_type in (EventType.CYBER_INCIDENT, EventType.SANCTIONS_EVASION):
        _amount(put, text, spans)
        _activity(put, event_type, text, spans, group)
    if event_type == EventType.CYBER_INCIDENT:
        _proper_name(put, "victim", VICTIM, _NOT_VICTIMS, text, spans, trim=" .")
    if event_type == EventType.SANCTIONS_EVASION:
        _proper_name(put, "vessel", VESSEL, _NOT_VESSELS, text, spans)
    if event_type == EventType.TRILATERAL_ACTION:
        _named(put, "exercise", EXERCISES, text, spans) or _named(put, "exercise", EXERCISE_KINDS, text, spans)
    if event_type not in (EventType.CYBER_INCIDENT, EventType.ARMS_TRANSFER):  # a shipment's places are its route
        _named(put, "place", PLACES, text, spans)


def details_from(values: dict[str, Any]) -> IncidentDetails | None:
    """The details among an extraction's values (`details.<field>`), or None when it found none."""
    found = {name.removeprefix("details."): v for name, v in values.items() if name.startswith("details.")}
    return IncidentDetails(**found) if found else None
