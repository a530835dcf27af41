"""Rule-based extraction of event facts from the text of a report.

Pure: no Kafka, no I/O. Every extracted field keeps the span it came from (provenance) and a
confidence; a field the text does not support stays empty, nothing is invented.

Reports in English, Japanese and Korean (North Korean spelling too) are read by the same tables: each
pattern has its Japanese and Korean words beside the English ones, and the patterns with named groups
(counts, clock times, dates, distances) have one version per language, applied to the languages a text
is written in (`languages`). Full-width digits and letters are read as ASCII (NFKC, one character for one,
so every offset is that of the original text, and every span quotes it).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import cache, partial
from typing import Any
from zoneinfo import ZoneInfo

from launchwatch.schemas import (
    MAX_SPAN_LEN,
    PLAUSIBLE_YEARS,
    CountQualifier,
    EezRelation,
    EventType,
    MissileClass,
    Outcome,
    Provenance,
    TextReport,
    TimePrecision,
)
from services.ingest.details import read_details
from services.ingest.gazetteer import MISSILE_SYSTEMS, SITES
from services.ingest.prefilter import FirstMatch, Pattern, Text, every_match, first_match
from services.ingest.reading import (
    ACT,
    CAUSE_AFTER,
    NOT_FIRING,
    OTHER_ZONES,
    REACTION,
    SOFT_FRAMES,
    SUM_OVER_YEARS,
    TALLY,
    TRAILING_CONTEXT,
    TRILATERAL_ACTOR,
    VERBAL_NOUNS,
    Mood,
    Reading,
    Role,
    Sentence,
)

_FLAGS = re.IGNORECASE


def _rx(pattern: str) -> Pattern:
    return Pattern(re.compile(pattern, _FLAGS))


#: The DPRK's make as a word before the arms' own ("North Korean-made", "北朝鮮製", "북한제").
_DPRK_MADE_PREFIX = r"\bNorth Korean[- ](?:supplied|made|built|produced)|北朝鮮製|북한제"
#: Arms told as the DPRK's make, whoever fires or receives them: "North Korean-made", "KN-23s made by North Korea",
#: "北朝鮮製", "북한산 포탄", "North Korean artillery ammunition", "North Korean missiles that Russia fired".
_DPRK_MADE_ARMS = (
    _DPRK_MADE_PREFIX + r"|\b(?:made|produced|built|manufactured) in North Korea\b"
    r"|\b(?:KN-2[345]s?|Hwasong-11\w?s?) (?:made|produced|built) (?:in|by) North Korea\b"
    r"|北朝鮮で(?:製造|生産)された"
    r"|북한(?:에서|이) (?:제조|생산)한|북한에서 (?:공급|제조|생산|들여)"
    r"|(?:포탄|탄약|미사일|무기)[^.]{0,20}북한산|북한산 ?(?:포탄|탄약|미사일|무기)"
    r"|\bNorth Korean(?:-made)? (?:[\w/-]+ ){0,3}?missiles?\b[^.]{0,40}\b(?:that|which) Russia\b"
    r"|\bNorth Korean(?:-made)? (?:[\w-]+ ){0,2}?(?:shells|rounds|ammunition|munitions|self-propelled guns"
    r"|howitzers|multiple rocket launchers)\b|\bNorth Korean(?:-made)? (?:[\w-]+ )?(?:Koksan|M1978|M1989)\b"
)
#: Arms that arrived from the DPRK, in Japanese ("北朝鮮から運び込まれた弾薬", "北朝鮮から届いた弾薬"): a transfer's words,
#: and where the arms came from.
_ARRIVED_FROM_DPRK = (
    r"北朝鮮から(?:届い|運び込まれ|搬入され|送られ|供与され)[^。]{0,12}(?:弾薬|砲弾|ミサイル|武器|兵器)"
)
#: Anything bought or received from the DPRK: its supply, once a sentence is known to tell of arms.
_FROM_DPRK = (
    r"북한(?:에서|으로부터) ?(?:사들|구매|구입|수입)|北朝鮮から[^。]{0,30}(?:購入|調達|買)|"
    + _ARRIVED_FROM_DPRK
    + r"|\b(?:bought|buying|buys|purchas\w*)\b[^.]{0,60}\bfrom North Korea\b"
    r"|\b(?:receiv(?:ed|es|ing)|(?:taken|took|taking|takes) delivery of)\b(?:[^.]|\.(?=\d)){0,60}\bfrom North Korea\b"
)


#: Luxury goods, whose supply to the DPRK the UN bans: limousines, luxury cars, a foreign-made car as a gift.
_LUXURY_GOODS = (
    r"\b(?:limousines?|luxury[- ](?:goods|cars?|vehicles?|items|sedans?)|(?:Russian|German|Japanese)-made"
    r" (?:cars?|limousines?|vehicles?|sedans?))\b|高級車|高級品|ぜいたく品|奢侈品|사치품|고급 ?(?:승용차|차량|세단)|리무진"
)


#: The DPRK's forces by what they are, after "North Korean": troops, a soldier, sappers, builders of its army, its
#: specialists by their arm ("drone crews stationed in Kursk", "artillery gunners").
_DPRK_FORCES = (
    r"(?:troops|soldiers?|forces?|sappers|deminers|engineers|infantry(?:men)?|servicem[ae]n"
    r"|military (?:builders|construction workers)"
    r"|(?:drone|UAV|artillery|missile|rocket|air[- ]defen[cs]e) (?:crews|operators|units|teams|specialists|gunners))"
)
#: A break-in to computers told without "hack" ("broken into the computer network", "breached its servers").
_BROKEN_INTO = (
    r"\b(?:broke|broken|break(?:s|ing)?) into\b[^.]{0,40}\b(?:computers?|networks?|servers?|systems?|accounts?"
    r"|e-?mails?)\b|\bbreach(?:ed|es|ing)?\b[^.]{0,30}\b(?:networks?|servers?|computer systems?|computers?|intranets?)\b"
    # ... told of the network ("the military intranet ... has been breached").
    r"|\b(?:networks?|servers?|computer systems?|computers?|intranets?)\b[^.]{0,60}\b(?:been|was|were) breached\b"
)


#: Verbs of handing arms or the means to make them over ("hand North Korea ... jets", "passing ... know-how to").
_HANDED = (
    r"(?:hand(?:ed|ing|s)?|giv(?:e|es|en|ing)|gave|pass(?:ed|es|ing)?|provid(?:e|ed|es|ing)|suppl(?:y|ied|ies|ying)"
    r"|transferr?(?:ed|ing|s)?|deliver(?:ed|ing|s)?|sen[dt](?:ing|s)?)"
)
#: The DPRK as the other side of a trade ("to North Korea", "to the sanctioned state").
_DPRK_IN_TRADE = r"(?:North Korea|the North|Pyongyang|the sanctioned (?:state|country|regime|nation))"

# Event types, most specific first: the first pattern found decides.
EVENT_TYPE_PATTERNS: tuple[tuple[EventType, Pattern], ...] = (
    # Civil-defence drills and notices of a launch to come name missiles and launches without being any. (Balloons
    # are left to the default: a launch report may mention them, a balloon report names no launch.)
    (
        EventType.OTHER,
        _rx(
            r"\b(?:evacuation|civil[- ]defen[cs]e) drills?\b|避難訓練|対処訓練|訓練放送|試験放送|대피훈련|민방위"
            # A test of the warning system itself.
            r"|\bJ-?Alert (?:test|drill)|Jアラート[^。]{0,12}(?:試験|テスト)|情報伝達試験|(?<!미사일 )(?<!미사일)경보 ?(?:시험|훈련)"
            # A launch announced in advance is not one yet.
            r"|打ち上げ(?:る|を)(?:との)?(?:通報|連絡|通告)|発射を予告|발사[^.]{0,10}계획을 ?(?:통보|통지)|발사를 예고"
            r"|\bnotified (?:\w+ ){0,4}of (?:a |its )?(?:plan|intention) to launch\b"
        ),
    ),
    (
        EventType.NUCLEAR_TEST,
        _rx(
            # Not its site: "demolished its nuclear test site" tells no test.
            r"\bnuclear (?:weapons? )?test(?!\s*(?:site|ground|facility|facilities|tunnel|area|range)s?\b)"
            r"|\bnuclear explosion|\bunderground nuclear|hydrogen bomb test"
            r"|\btest of (?:a |an |the )?(?:hydrogen bomb|H-bomb|atomic bomb|nuclear (?:bomb|device|weapon|warhead))"
            r"|\bdetonat\w+ (?:\w+ ){0,3}(?:hydrogen|nuclear|atomic|thermonuclear) (?:bomb|device|weapon|warhead)"
            r"|核実験(?!場)|핵실험(?!장)|핵시험(?!장)|수소탄 ?시험|(?:水爆|水素爆弾)の?実験|수소(?:탄|폭탄) ?실험"
        ),
    ),
    (
        EventType.NUCLEAR_ACTIVITY,
        _rx(
            r"\buranium[- ]enrichment\b|\benrichment (?:facility|facilities|plant|site|building|hall|centrifuges?)\b"
            r"|\benrich(?:es|ed|ing)? uranium\b|\b(?:restart\w*|resum\w*|operat\w*|running)\b[^.]{0,30}\breactor\b"
            r"|\bcentrifuges?\b|\b(?:light[- ]water|5[- ]?(?:MW|megawatt)|graphite[- ]moderated) reactor\b"
            r"|\breactor\b[^.]{0,40}\b(?:operat\w*|restart\w*|running|resum\w*|criticality)"
            r"|\bweapons?-grade (?:uranium|plutonium|nuclear materials?)|\bhighly enriched uranium\b"
            r"|\b(?:production|producing) (?:base )?of (?:weapons?-grade )?nuclear materials?|"
            r"\bNuclear Weapons Institute\b"
            # Spent fuel taken out of a reactor is plutonium to be had.
            r"|\bspent (?:nuclear )?fuel(?: rods?)?\b|\bfuel rods?\b[^.]{0,40}\breactor\b|使用済み?(?:核)?燃料棒|폐연료봉"
            # Plutonium separated from it.
            r"|\b(?:extract\w*|separat\w*|produc\w*)\b[^.]{0,20}\bplutonium\b|\breprocess(?:ed|ing)\b"
            r"|사용 ?후 ?(?:핵)?연료봉"
            # A warhead shown: "state media has shown Kim inspecting ... a nuclear warhead", "miniaturised".
            r"|\b(?:shown|showed|displayed|unveiled|inspect\w*)\b[^.]{0,80}\b(?:nuclear warheads?|hydrogen bombs?)\b"
            # ... or told made small ("its nuclear warheads are now small enough to be mounted on missiles").
            r"|\bnuclear warheads?\b[^.]{0,30}\b(?:small enough|standardi[sz]ed|miniaturi[sz]ed)\b"
            # Its plants built up or at work ("stepped up construction at its Yongbyon nuclear complex", "nuclear
            # facilities at Yongbyon were operating"), not a test site readied, which prepares a test.
            r"|\b(?:construction|building|expan\w+|new (?:buildings?|halls?|structures?))\b[^.]{0,40}\b(?:Yongbyon|Kangson"
            r"|enrichment|reactors?)\b"
            r"|\bnuclear (?:facilities|facility|complex|plants?)\b[^.]{0,40}\b(?:operat\w*|running|in operation)\b"
            # Work seen at a plant ("pressing on with work at its main nuclear complex"), not at a test site.
            r"|\b(?:work|activity|activities)\b[^.]{0,30}\b(?:(?:its|the|main) )*(?:nuclear (?:complex|site|facility"
            r"|facilities|plant)|Yongbyon)\b"
            # A nuclear device's detonator tested, short of a test ("起爆装置の作動実験", "기폭장치 시험").
            r"|\b(?:nuclear )?(?:detonators?|detonation devices?|trigger devices?)\b[^.]{0,40}\btest"
            r"|\btest\w*\b[^.]{0,30}\b(?:nuclear )?(?:detonators?|detonation devices?|trigger devices?)\b"
            r"|起爆装置|기폭 ?장치"
            r"|\bminiaturi[sz]ed\b|\b(?:produced|producing|built|building|mass-produc\w*)\b[^.]{0,30}\bnuclear warheads?\b"
            r"|(?:水爆|水素爆弾|核弾頭)[^。]{0,30}(?:視察|公開)|(?:수소탄|핵탄두)[^.]{0,30}(?:살펴|시찰|공개)"
            r"|\breprocessing\b|\bbomb[- ]fuel\b|\bfuel for nuclear (?:weapons|bombs)\b|\bfissile material production\b"
            # Its nuclear work named as such ("北朝鮮の核活動、停止の兆候なし", "핵 활동 지속").
            r"|核(?:関連の)?活動|핵 ?(?:관련 ?)?활동"
            r"|ウラン濃縮|濃縮施設|遠心分離機|核物質の?生産|原子炉[^。]{0,20}(?:稼働|再稼働|運転|臨界)|軽水炉|"
            r"黒鉛減速炉|再処理"
            r"|核兵器研究所|우라늄 ?농축|농축 ?시설|원심분리기|핵물질 ?생산|원자로[^.]{0,20}(?:가동|재가동|운전|"
            r"임계)|경수로"
            r"|흑연감속로|재처리|핵무기연구소"
            # Its plants built up ("영변 핵시설의 … 개선 공사", "寧辺の核施設で増築工事").
            r"|(?:영변|핵 ?시설|원자로|농축)[^.]{0,30}(?:공사|증축|확장)|(?:寧辺|核施設|原子炉|濃縮)[^。]{0,30}(?:工事|増築|拡張)"
            # The IAEA's inspectors sent away: the programme's work goes on unwatched.
            r"|\b(?:expel\w*|ordered|orders|told)\b[^.]{0,30}\b(?:nuclear |IAEA |U\.?N\.? )*inspectors?\b[^.]{0,90}"
            r"\b(?:out|leave|left|depart)\b|\binspectors?\b[^.]{0,20}\b(?:expelled|kicked out|ordered out)\b"
            r"|査察官[^。]{0,20}(?:退去|追放|国外退去)|사찰관[^.]{0,20}(?:추방|철수|퇴거)"
        ),
    ),
    (
        EventType.TRILATERAL_ACTION,
        _rx(
            r"\btrilateral\b[^.]{0,120}\b(?:exercise|mechanism|activated|data[- ]sharing|monitoring team)|"
            r"\bFreedom Edge\b"
            r"|日米韓[^。]{0,40}(?:共同訓練|共同演習)|フリーダム・?エッジ|ミサイルの?警戒(?:データ|"
            r"情報)(?:の|を)?(?:リアルタイム(?:で)?)?共有[^。]{0,40}(?:運用|稼働)"
            r"|한미일[^.]{0,40}(?:연합|공중|해상|다영역)?훈련|프리덤 ?에지|미사일 경보정보[^.]{0,30}공유[^.]{0,30}가동"
            # Joint drills and bodies of the three, however named (the three must be named as acting together).
            # Intercepts rehearsed ("Aegis destroyers practiced detecting, tracking and intercepting").
            r"|\b(?:practi[cs]ed|practi[cs]e|rehearsed|rehearse)\b[^.]{0,20}\b(?:detect|track|intercept)\w*"
            r"|\b(?:joint|combined|trilateral|three-way|three-nation|three-country)\b[^.]{0,60}\b(?:exercises?|drills?"
            r"|training|show of force|patrols?|maneuvers?)\b|\bflying in formation\b|\bsecretariat\b"
            r"|\bmissile warning data\b|\breal[- ]time (?:missile )?warning data\b"
            # An arrangement to share intelligence ("put into effect an arrangement to share classified
            # information", "情報を共有するための取り決め", "정보공유 약정").
            r"|\b(?:arrangement|agreement|pact|framework)\b[^.]{0,40}\bshar(?:e|ing)\b[^.]{0,30}\b(?:intelligence"
            r"|information)\b|情報を?共有(?:する)?(?:ため)?の?取り決め|정보 ?공유 ?약정"
            r"|(?:共同|合同)(?:空中|海上)?(?:訓練|演習)|3[カかヵヶケ]国[^。]{0,20}(?:訓練|演習)|事務局(?!長)"
            r"|(?:弾道)?ミサイル防衛訓練"
            r"|(?:3자|3국|연합|합동) ?(?:합동 ?|연합 ?)?(?:공중|해상)?훈련|(?:미사일 ?방어|해상|공중) ?훈련|사무국(?!장)"
            # Drills by their kind, and drills the three named as acting hold ("The United States, South Korea and
            # Japan began a two-day exercise"; whether the three act is the judging's check).
            r"|(?:대잠(?:수함)?전?|수색구조|해상차단|미사일 ?경보|탄도미사일 ?대응) ?훈련|対潜(?:水艦)?戦?訓練|捜索救難訓練"
            r"|\b(?:anti-submarine|search[- ]and[- ]rescue|missile[- ](?:tracking|warning)|maritime interdiction)"
            r"\b[^.]{0,30}\b(?:exercises?|drills?|training)\b"
            r"|\b(?:began|begins|started|starts|opened|held|staged|conducted|launched|kicked off|wrapped up"
            r"|carried out)"
            r"\b[^.]{0,30}\b(?:exercises?|drills?)\b|\b(?:practi[cs]ed|rehearsed|trained)\b[^.]{0,60}\btogether\b"
        ),
    ),
    (
        EventType.TROOP_DEPLOYMENT,
        _rx(
            r"\b(?:troops|soldiers|forces|pilots|military personnel|officers|sappers|deminers|(?:combat |military )?engineers"
            r"|military (?:construction workers|builders))\b[^.]{0,80}\b(?:to|in|into|for|alongside) "
            r"(?:(?:eastern|western|southern|"
            r"the) )?(?:Russia|Kursk)|\bdeploy(?:ed|ment)?\b[^.]{0,60}\b(?:troops|soldiers)"
            # The fallen tell the force was there ("Six North Korean officers were among those killed").
            r"|\bNorth Korean (?:military )?(?:officers?|soldiers?|troops|servicem[ae]n|generals?|commanders?|colonels?)\b"
            r"[^.]{0,60}\b(?:killed|wounded|dead"
            r"|died|casualties|captured)\b"
            r"|\bNorth Korean " + _DPRK_FORCES + r"\b"
            # Its units named by where they served ("an engineering regiment that spent 120 days clearing mines in
            # Russia's Kursk region").
            r"|\b(?:regiments?|brigades?|battalions?|units|divisions?|corps)\b[^.]{0,80}\b(?:in|to|from) (?:Russia'?s )?Kursk"
            r"|派兵|파병|北朝鮮兵|北朝鮮軍[^。]{0,20}(?:参戦|戦闘|派遣|参加|戦っ)|북한군[^.]{0,20}(?:참전|전투|파견|투입|싸웠)"
            r"|北朝鮮の(?:兵士|兵|部隊|軍人)|북한 ?(?:병사|병력|장병)"
            # Its fallen in Japanese and Korean ("北朝鮮軍の将校6人が死亡", "북한군 장교 … 사망").
            r"|北朝鮮軍の?(?:将校|将兵|将官|将軍)[^。]{0,20}(?:死亡|死傷|負傷|戦死|捕虜)"
            r"|북한군 ?(?:장교|장성)[^.]{0,20}(?:사망|사상|부상|전사|포로)"
            # Its soldiers ("북한군 병사"; not a captive as such, whose story may be his own), and its units sent to
            # Russia ("ロシア派遣の工兵部隊").
            r"|북한군 ?(?:병사|장병)"
            r"|(?:ロシア|クルスク)(?:に|へ)?派遣(?:の|された)[^。]{0,10}(?:部隊|兵|連隊|要員)"
            r"|러시아(?:에|로)? ?파견(?:된|한)? ?[^.]{0,10}(?:부대|병력|연대|인력)"
            # Its forces, engineers or builders sent, the DPRK the sender ("北朝鮮が…工兵1千人と…建設要員5千人を派遣",
            # "북한이 … 병력을 러시아에 보냈다").
            r"|北朝鮮(?:が|は)[^。]{0,60}(?:兵力|兵士|部隊|工兵|建設要員|建設人員)[^。]{0,40}(?:派遣|移送)"
            r"|북한(?:이|은)[^.]{0,60}(?:병력|공병|건설 ?인력|특수부대|부대)[^.]{0,40}(?:파견|보내|보냈|보낸|투입)"
            # Builders and engineers of its army sent to Russia.
            r"|(?:군사 ?)?(?:건설|공병) ?(?:인력|병력|부대)[^.]{0,30}러시아|(?:軍事)?建設(?:要員|人員|部隊)[^。]{0,30}ロシア"
            # Its units by where they served, in Korean and Japanese ("쿠르스크 파견 공병연대", "クルスク州の北朝鮮軍").
            r"|쿠르스크[^.]{0,40}(?:연대|여단|대대|사단|북한군)|(?:연대|여단|대대|사단|북한군)[^.]{0,40}쿠르스크"
            r"|クルスク[^。]{0,40}(?:連隊|旅団|大隊|師団|北朝鮮軍|朝鮮人民軍)|(?:連隊|旅団|大隊|師団|北朝鮮軍|朝鮮人民軍)[^。]{0,40}クルスク"
        ),
    ),
    (
        EventType.CYBER_INCIDENT,
        _rx(
            # (Not a state's standing as a cyber power: "a formidable cyber actor", "its cyber capabilities".)
            r"\bcyber(?![- ]?(?:actors?|powers?|threats?|capabilit(?:y|ies)|programs?|army|forces?|warfare|warriors"
            r"|strategy|command|units?)\b)|\bhack(?:ers?|ing|ed)?\b|\bLazarus\b|\bTraderTraitor\b|\bransomware\b|"
            + _BROKEN_INTO
            # Sites knocked offline ("distributed denial-of-service", 디도스).
            + r"|\bDDoS\b|\bdenial[- ]of[- ]service\b|디도스|サービス妨害"
            r"|\bspear-?phishing\b|ランサムウェア|不正アクセス|랜섬웨어|"
            # Malicious software planted or published ("pushed 338 malicious packages onto npm", "into installing
            # malware"; not malware as what a sentence is about: "Malware used to steal ... shares rare code").
            r"\b(?:plant|install|deploy|spread|push|seed|distribut|implant)\w*\b[^.]{0,40}\bmalware\b"
            r"|\bmalicious (?:packages?|code|software|apps?|extensions?|files?)\b|"
            r"\bcrypto(?:currency)?\b[^.]{0,60}\b(?:theft|stole|stolen)|\bvirtual[- ]asset"
            r"|ハッカー|ハッキング|サイバー攻撃|不正流出|暗号資産[^。]{0,30}(?:流出|窃取|盗)|ラザルス|"
            r"トレーダートレイター|キムスキー"
            r"|해킹|해커|사이버 ?(?:공격|테러)|가상자산[^.]{0,30}(?:탈취|유출|빼돌)|라자루스|안다리엘|김수키"
        ),
    ),
    (
        EventType.SANCTIONS_EVASION,
        _rx(
            # Not ship-to-ship missiles, which are fired.
            r"\bship-to-ship\b(?! (?:cruise )?missiles?)|\bsanctions[- ]busting\b|\btanker transfers?\b"
            r"|\bsanctions evasion\b|\bevad(?:e|ing) sanctions\b|\bworkers abroad\b|\billicit (?:oil|"
            r"coal)"
            # Overseas IT workers earning for the state; banned cargo moved at sea or smuggled.
            r"|\b(?:IT|information[- ]technology)[- ]workers?\b|\blaptop farms?\b|\bfront compan(?:y|ies)\b|"
            r"\bNorth Korean (?:tech(?:nology)?|software|remote) workers\b"
            r"|\bremote (?:IT|information[- ]technology|tech(?:nology)?|software) (?:jobs|work|contracts)\b|"
            r"\bbanned cargo\b"
            r"|\bsuspected of (?:violating|breaching|evading) (?:U\.?N\.? )?sanctions\b"
            r"|\bin (?:breach|violation) of (?:U\.?N\.? |international )?sanctions\b"
            # A DPRK ship seized or stopped by another state: what it carried breaks the embargo.
            r"|\b(?:seiz(?:ed|es|ing)|impound(?:ed|s|ing)|intercept(?:ed|s|ing)|detain(?:ed|s|ing))\b[^.]{0,30}"
            r"\bNorth Korean(?:-flagged)? (?:ship|vessel|freighter|tanker|cargo ship)s?\b"
            r"|北朝鮮(?:船籍|籍)?の?(?:船|船舶|貨物船|タンカー)[^。]{0,20}(?:拿捕|押収|臨検|差し押さえ)"
            r"|북한 ?(?:국적 ?|선적 ?)?(?:선박|화물선|유조선)[^.]{0,20}(?:나포|억류|압류)"
            r"|石油精製品[^。]{0,30}北朝鮮(?:に|へ)|北朝鮮(?:に|へ)[^。]{0,30}石油精製品"
            r"|(?:정제유|정유 ?제품)[^.]{0,30}북한(?:에|으로)|북한 ?(?:선박)?(?:에|으로)[^.]{0,30}(?:정제유|정유 ?제품)"
            r"|북한 ?선박에[^.]{0,30}옮겨 ?실"
            # Fuel handed to the DPRK, the act told ("北에 경유 180억원어치 넘겨", "北朝鮮に軽油を密輸").
            r"|(?:북한|北)(?: ?(?:선박|유조선|화물선))?(?:에|으로) ?[^.]{0,30}(?:경유|휘발유|석유|유류)[^.]{0,20}"
            r"(?:넘겨|넘긴|공급|판매|수출|반출|밀수|옮겨)"
            r"|(?:경유|휘발유|석유|유류)[^.]{0,30}(?:북한|北)(?:에|으로) ?(?:넘겨|넘긴|공급|판매|수출|반출|밀수|옮겨)"
            r"|北朝鮮(?:に|へ)[^。]{0,30}(?:軽油|ガソリン|石油|燃料)[^。]{0,20}(?:供給|売却|輸出|密輸|運ん|積み替え|移し)"
            r"|(?:軽油|ガソリン|石油|燃料)[^。]{0,30}北朝鮮(?:に|へ)(?:供給|売却|輸出|密輸|運ん|送っ)"
            # Luxury goods handed over ("gave Kim another Russian-made Aurus limousine", "사치품을 선물").
            r"|\b(?:gave|gives|given|giving|gift(?:ed|s)?|present(?:ed|s)?|sen[dt]|deliver(?:ed|s)?|ship(?:ped|s)?"
            r"|sold|supplied|smuggl(?:ed|ing)|export(?:ed|s)?)\b[^.]{0,80}(?:" + _LUXURY_GOODS + ")"
            r"|(?:高級車|高級品|ぜいたく品|奢侈品)[^。]{0,30}(?:贈|送|提供|輸出|供与|密輸)"
            r"|(?:사치품|고급 ?승용차|리무진)[^.]{0,30}(?:선물|보내|보낸|제공|수출|밀반입|반입)"
            # A worker hired unknowingly ("hired a remote software engineer who turned out to be a North Korean
            # operative").
            r"|\bhired\b[^.]{0,100}\bNorth Korean (?:operative|agent|worker|IT worker)s?\b"
            # ... or one who applied ("a candidate for one of its engineering jobs turned out to be a North Korean
            # operative", "a North Korean job applicant").
            r"|\b(?:applicants?|candidates?|job seekers?)\b[^.]{0,60}\b(?:turned out to be|proved to be|was|were)"
            r" (?:an? )?North Korean (?:operative|agent|worker|IT worker|national)s?\b"
            r"|\bNorth Korean (?:job )?(?:applicants?|candidates?|job seekers?)\b"
            r"|\bNorth Korean (?:operative|agent|IT worker|tech worker|developer)s?\b[^.]{0,80}\b(?:been|were|was) hired\b"
            # The goods may be counted first ("shipped more than a million barrels of oil to North Korea").
            r"|\b(?:transferr\w*|deliver\w*|smuggl\w*|shipp\w*|sold|sell\w*|supply\w*|supplied|sen[dt])"
            r"(?: [\w,.-]+){0,6}? (?:refined )?"
            r"(?:oil|petroleum|fuel|coal|iron ore|oil products)\b[^.]{0,40}\b(?:to|from) (?:North Korea|the North|"
            r"Pyongyang)"
            r"|\bNorth Korean (?:coal|oil|iron ore|pig iron|seafood)\b"
            # ... or named as the trade ("diesel transfers to North Korea", "fuel shipments to the sanctioned state").
            r"|\b(?:oil|diesel|fuel|petroleum|coal)(?: [\w-]+)? (?:transfers?|shipments?|deliveries|sales|smuggling)\b"
            r"[^.]{0,20}\b(?:to|from) " + _DPRK_IN_TRADE + r"\b"
            # Its workers sent abroad to earn for it ("North Korean workers sent by their government to seafood plants
            # in China").
            r"|\bNorth Korean (?:[\w-]+ )?(?:workers|laborers|labourers)\b[^.]{0,60}\b(?:sent|dispatched|working|employed"
            r"|hired)\b[^.]{0,60}\b(?:in|to) (?:(?:northeastern|northern|eastern|western) )?(?:China|Russia|Chinese|Russian)\b"
            # ... or the DPRK first ("supplied North Korea with more than a million barrels of oil").
            r"|\b(?:suppl(?:ied|ying|ies)|provid(?:ed|ing|es)|sen[dt]|deliver(?:ed|ing|s)|ship(?:ped|ping|s))\b[^.]{0,12}"
            r"\b(?:North Korea|Pyongyang|the North)\b[^.]{0,40}\b(?:refined )?(?:oil|petroleum|fuel|coal)\b"
            r"|\b(?:export(?:s|ed|ing)?|smuggl(?:e|es|ed|ing)) (?:of )?(?:coal|oil|iron ore|seafood|textiles)\b"
            # Banned cargo moved between its ships and others' ("shifting coal from North Korean-flagged ships onto
            # Chinese barges").
            r"|\b(?:coal|oil|petroleum|fuel)\b[^.]{0,60}\bNorth Korean(?:-flagged)? (?:ships?|vessels?|tankers?)\b"
            r"|\bNorth Korean(?:-flagged)? (?:ships?|vessels?|tankers?)\b[^.]{0,60}\b(?:coal|oil|petroleum|fuel)\b"
            r"|\bbanned (?:imports|exports)\b"
            # Its workers sent abroad ("北朝鮮から派遣された労働者", "북한 해외 파견 노동자").
            r"|北朝鮮(?:から|が)?[^。、]{0,6}派遣(?:された|した)?(?:労働者|作業員)|北朝鮮(?:人)?(?:の)?(?:派遣)?労働者"
            r"|북한 ?(?:해외 ?)?(?:파견 ?)?노동자|북한(?:이|에서) 파견한 노동자"
            # Its goods seized on their way ("北朝鮮が…送ろうとしていた資材を押収", "북한산 탄도미사일 부품 … 압수").
            r"|北朝鮮[^。]{0,60}(?:資材|物資|部品|貨物|積み荷)[^。]{0,40}(?:押収|差し押さえ|摘発)"
            r"|(?:押収|差し押さえ|摘発)[^。]{0,30}北朝鮮(?:製|産|から)"
            r"|북한(?:산|제)?[^.]{0,40}(?:부품|물자|화물|자재)[^.]{0,40}(?:압수|적발|압류)"
            r"|(?:압수|적발|압류)[^.]{0,30}북한(?:산|제)"
            r"|\b(?:seiz(?:ed|es|ing)|intercept(?:ed|s|ing)|confiscat(?:ed|es|ing))\b[^.]{0,60}\b(?:cargo|shipments?|parts"
            r"|components|materials|goods)\b[^.]{0,40}\b(?:from|of|bound for) North Korea"
            r"|\bNorth Korean(?:-made|-origin)? (?:missile )?(?:parts|components|materials|cargo)\b[^.]{0,40}"
            r"\b(?:seized|intercepted|confiscated)\b"
            r"|瀬取り|積み替え|IT労働者|IT技術者|北朝鮮産の?(?:石炭|鉄鉱石|銑鉄)|接舷|横付け|制裁(?:決議)?違反の疑い"
            r"|불법 ?환적|선박 ?간 ?환적|IT ?(?:노동자|인력|개발자)|북한산 ?(?:석탄|선철|철광석)|불법 ?반입"
            # Its banned goods loaded at its ports ("北 석탄·철광석 싣고", "북한 항구에서 … 석탄과 철광석을 싣고").
            r"|(?:北|북한) ?(?:석탄|철광석|선철)|(?:北|북한) ?(?:항구|항만)(?:에서|서)[^.]{0,30}(?:석탄|철광석|선철)"
            r"|(?:대북 ?)?제재 ?(?:결의 ?)?위반 혐의|제재 ?결의를? (?:어긴|위반한) 혐의"
        ),
    ),
    (
        EventType.ARMS_TRANSFER,
        _rx(
            r"\b(?:arms|munitions|ammunition|shells|missiles?)\b[^.]{0,80}\b(?:transfer(?:red|s)?|shipped|supplied|"
            r"delivered|provided)\b[^.]{0,60}\bRussia"
            r"|\b(?:transferred|shipped|supplied|delivered|"
            r"provided)\b[^.]{0,20}\bRussia\b[^.]{0,20}\bwith\b[^.]{0,60}\b(?:arms|munitions|ammunition|shells|missiles?|launchers)\b"
            r"|\barms (?:transfer|deal|trade)"
            r"|\b(?:transferred|shipped|supplied|delivered|provided|sent|sold)\b[^.]{0,80}\b(?:arms|munitions"
            r"|ammunition|shells|missiles?|weapons|military equipment|artillery)\b[^.]{0,60}\bto Russia"
            # Either way, told by its goods and how they move ("handed Russia launchers", "ships ferrying North
            # Korean cargo", "containers of munitions", "North Korean-made missiles fired at Kharkiv").
            r"|\b(?:hand(?:ed|ing|s)?(?: over)?|suppl(?:ied|ying|ies)|provid(?:ed|ing|es)|sen[dt](?:ing|s)?|"
            r"ship(?:ped|ping|s)"
            r"|export(?:ed|ing|s)?"
            r"|deliver(?:ed|ing|s)?|transferr(?:ed|ing)|gave|giv(?:en|ing)|sold|ferr(?:ied|ying)|carr(?:ied|"
            r"ying)(?! out)"
            r"|mov(?:ed|ing)(?! (?:forward|ahead|on|toward)))\b[^.]{0,80}\b(?:arms|munitions|ammunition|"
            r"artillery shells|shells|missiles?|launchers?"
            r"|weapons|military (?:equipment|supplies|cargo|hardware)|air[- ]defen[cs]e|containers|cargo|howitzers?"
            r"|(?:self-propelled )?guns|rocket launchers?|artillery (?:systems|pieces|rounds)|rounds of (?:artillery )?"
            r"(?:ammunition|shells))\b"
            r"|\bcontainers? (?:of|carrying|filled with) "
            # Its missiles used by Russia against Ukraine were transferred ("fired 24 North Korean missiles at
            # Ukraine", "ballistic missiles made in North Korea").
            r"(?:munitions|ammunition|shells|weapons|arms)\b"
            r"|\bNorth Korean(?:-made)? (?:[\w/-]+ ){0,3}?missiles?\b[^.]{0,40}\b(?:at|against|on|into|over) "
            r"(?:Ukrain|Kyiv|Kharkiv|Zaporizhzhia|Poltava|Odesa|Dnipro)"
            r"|\b(?:missiles?|weapons|shells|munitions|ammunition|KN-2[345]s?|Hwasong-11\w?s?) (?:made|produced|built|"
            r"supplied) (?:in|by) North Korea\b"
            # Told of the arms' origin, found out ("the missiles Russia fired ... were made in North Korea").
            r"|\b(?:missiles?|weapons|shells|munitions|ammunition|rockets)\b(?:[^.]|\.(?=\s?\d)){0,80}\b(?:were|was|are|is|had been)"
            r" (?:made|produced|built|manufactured) (?:in|by) (?:North Korea|the North|Pyongyang)\b"
            r"|(?:넘긴|보낸|제공한|이전한|공급한) [^.]{0,20}(?:방공체계|미사일|포탄|무기|전투기|자주포|방사포)"
            r"|(?:ロシア|北朝鮮)に[^。]{0,40}(?:砲弾|弾薬|ミサイル|武器|兵器|軍事物資|軍事装備|コンテナ|防空|自走砲|"
            r"多連装ロケット|ロケット砲|戦闘機|軍用機)"
            r"[^。]{0,30}(?:引き渡|供与|提供|送|輸送|移転|売却|輸出)"
            # (What was sent named after the verb: "ロシアに送ったコンテナが計約2千個".)
            r"|(?:ロシア|北朝鮮)(?:に|へ)[^。、]{0,10}(?:送った|送られた|運んだ|運ばれた|搬出した|輸出した)"
            r"(?:砲弾|弾薬|武器|兵器|軍事物資|コンテナ|ミサイル)"
            r"|(?:砲弾|弾薬|武器|兵器|軍事物資|コンテナ|自走砲|ミサイル)[^。]{0,30}(?:引き渡|供与|提供|供給|輸送|移転|送った|送り|"
            r"送っ|輸出)"
            r"|"
            + _DPRK_MADE_ARMS
            # Bought from the DPRK ("포탄과 로켓 수백만 발을 북한에서 사들이고", "buying millions of shells from North
            # Korea").
            + r"|(?:포탄|로켓|미사일|무기|탄약)[^.]{0,30}북한(?:에서|으로부터) ?(?:사들|구매|구입|수입)"
            r"|北朝鮮から[^。]{0,30}(?:砲弾|ロケット|ミサイル|武器|弾薬)[^。]{0,10}(?:購入|調達|買)|"
            + _ARRIVED_FROM_DPRK
            + r"|\b(?:buy(?:ing|s)?|bought|purchas(?:e|es|ed|ing))\b[^.]{0,60}\b(?:shells|rockets|missiles|munitions"
            r"|ammunition|arms|weapons)\b[^.]{0,30}\bfrom North Korea"
            # The act first, the goods after ("北朝鮮がロシアに供与した170ミリ自走砲").
            r"|(?:ロシア|北朝鮮)に(?:供与|提供|引き渡|輸出|売却|移転|送っ)[^。]{0,34}(?:砲弾|弾薬|ミサイル|武器|兵器|"
            r"自走砲|榴弾砲|多連装ロケット|ロケット砲|防空|戦闘機|軍用機)"
            # Arms named by their delivery ("North Korea's first weapons delivery to Russia's Wagner Group"), bought
            # from the DPRK ("buying millions of artillery shells and rockets from North Korea"), or Russia's help
            # with its launches and weapons ("Russia helped North Korea put its satellite into orbit").
            # ... or by the noun of their moving ("North Korea's supply of ballistic missiles to Russia").
            r"|\b(?:suppl(?:y|ies)|transfers?|deliver(?:y|ies)|sales?|provision|exports?|shipments?)\s+of\b[^.]{0,40}"
            r"\b(?:arms|weapons|munitions|ammunition|shells|missiles|rockets|launchers)\b[^.]{0,20}\bto (?:Russia|Moscow)\b"
            r"|\b(?:arms|weapons?|munitions|ammunition|shells|missiles?)\s+(?:deliver(?:y|ies)|shipments?|transfers?)"
            r"\b[^.]{0,20}\b(?:to|for)\b|\b(?:arms|weapons|munitions|ammunition|shells|missiles|rockets)\b[^.]{0,10}"
            r"\bbound for\b"
            # Received from the DPRK, or its arms fired by Russia ("Russia has taken delivery of 1.5 million rounds
            # from North Korea", "Russian forces are firing North Korean artillery ammunition").
            r"|\b(?:receiv(?:ed|es|ing)|(?:taken|took|taking|takes) delivery of|obtain(?:ed|s|ing))\b(?:[^.]|\.(?=\d)){0,60}"
            r"(?:\bfrom (?:North Korea|Pyongyang|the North)\b|\bNorth Korean(?:-made)? (?:[\w-]+ ){0,2}?"
            r"(?:shells|rounds|ammunition|munitions|missiles|rockets|weapons|arms)\b)"
            r"|\b(?:fir(?:e|es|ed|ing)|us(?:e|es|ed|ing))\b (?:[\w-]+ ){0,3}?North Korean(?:-made)? (?:[\w-]+ ){0,2}?"
            r"(?:shells|rounds|ammunition|munitions|rockets)\b"
            # A gift of arms ("left Russia with a gift of attack drones").
            r"|\bgifts?\b[^.]{0,60}\b(?:drones|weapons|arms|rifles|munitions|missiles)\b"
            r"|\b(?:buy(?:ing|s)?|bought|purchas(?:e[sd]?|ing)|acquir(?:e[sd]?|ing))\b[^.]{0,60}\b(?:arms|munitions"
            r"|ammunition|shells|rockets|missiles|weapons)\b[^.]{0,30}\bfrom (?:North Korea|Pyongyang|the North)\b"
            r"|\bRussia(?:n|'s)?\b[^.]{0,12}\b(?:help(?:ed|ing|s)?|assist(?:ed|ing|s|ance)?|aid(?:ed|ing)?"
            r"|technical (?:help|support|assistance))\b[^.]{0,20}\b(?:North Korea|Pyongyang)"
            r"|\bRussian (?:technical |technological )?(?:help|assistance|aid|support|technology)\b[^.]{0,12}\bfor\b"
            # Arms, aircraft and the means to make them handed to the DPRK, named as the receiver ("hand North Korea
            # MiG-29 and Su-27 fighter jets", "passing drone know-how to North Korea", "help it set up production
            # lines", "drone production on North Korean soil").
            r"|\b" + _HANDED + r"\b (?:to )?(?:North Korea|Pyongyang)\b[^.]{0,40}"
            r"\b(?:(?:fighter )?jets|fighter aircraft|warplanes|drones|technology|know-how)\b"
            r"|\b" + _HANDED + r"\b[^.]{0,60}\b(?:(?:fighter )?jets|warplanes"
            r"|drones?|technology|know-how)\b[^.]{0,20}\bto (?:North Korea|Pyongyang)\b"
            r"|\b(?:build|set(?:ting)? up|creat(?:e|ing)|establish(?:ing)?)\b[^.]{0,40}\b(?:production|factor(?:y|ies)|capacity)"
            r"\b[^.]{0,60}\b(?:in North Korea|on North Korean soil)\b"
            r"|\bhelp(?:ed|ing|s)? (?:North Korea|Pyongyang|it) (?:to )?(?:build|set up|create|establish)\b[^.]{0,40}"
            r"\bproduction\b"
            r"|ロシアの(?:技術)?(?:支援|協力|援助)|러시아의? (?:기술 ?)?(?:지원|도움|협력)"
            # (In Korean, what is handed before the receiver: "전투기를 북한에 넘기는", "북한 내 … 드론 생산 지원".)
            r"|(?:전투기|무인기|드론|기술)(?:을|를)? ?(?:북한|北)에 ?(?:넘기|넘겨|넘긴|이전|제공|공급)"
            r"|(?:북한|北)에 ?[^.]{0,20}(?:전투기|미그|수호이)[^.]{0,10}(?:이전|제공|공급|넘기|넘겨)"
            r"|(?:북한|北) ?(?:내|영토에)[^.]{0,20}(?:드론|무인기|미사일)[^.]{0,10}생산[^.]{0,10}(?:지원|설비|능력)"
            r"|(?:러시아|북한|北)(?:로|으로) ?[^.]{0,20}(?:보낸|보냈|보내)[^.]{0,10}(?:군수품|포탄|탄약|무기|컨테이너|미사일)"
            r"|북한(?:에서|이) (?:제조|생산)한|(?:러시아|북한|北)(?:에|로|으로) ?[^.]{0,40}(?:포탄|탄약|미사일|무기|군수물자|컨테이너|방공체계|발사대|자주포|"
            r"방사포|곡사포)[^.]{0,20}"
            r"(?:보내|보냈|보낸|제공|넘겨|넘긴|이전|수출|공급)|(?:포탄|탄약|무기|군수물자|컨테이너|대공미사일|방공)[^.]{0,30}"
            r"(?:북한에|러시아에|北에)?[^.]{0,10}(?:제공|이전|공급|보낸|보냈|넘긴|넘겨)"
            r"|북한제|(?:포탄|탄약|미사일|무기)[^.]{0,20}북한산|북한산 ?(?:포탄|탄약|미사일|무기)"
            # (Drones, aircraft and the technology to make them handed to the DPRK: "북한에 … 생산 기술을 넘기고".)
            r"|(?:북한|北)에 ?[^.]{0,40}(?:드론|무인기|전투기|기술)(?:을|를)? ?(?:넘기|넘겨|넘긴|이전|제공|공급)"
        ),
    ),
    (
        EventType.SATELLITE_LAUNCH,
        _rx(
            r"\bsatellite\b(?!\s+(?:imagery|images?|photos?|photographs?|pictures?|observations?|data|analysis"
            r"|launch(?:ing)? (?:site|station|ground|pad|facility)))"
            r"|\bspace launch vehicle\b|\bSLV\b|\bcarrier rocket\b"
            # The DPRK's rockets are its space launchers ("the rocket launch fails", "the Unha-3 broke apart").
            r"|\b(?:long-range |space )?rocket (?:launch|lift-?off)\b|\bUnha(?:-\d)?\b|\bChollima-1\b"
            # (Not "long-range rocket launchers", artillery.)
            r"|\b(?:launch(?:ed|es|ing)?|fire[sd]|firing)\b[^.]{0,20}\blong-range rockets?\b(?! launchers?)"
            r"|\blong-range rockets?\b[^.]{0,12}\b(?:launched|fired|lifted off)\b"
            r"|\bKwangmyongsong(?:-\d)?\b|\bMalligyong(?:-\d)?\b"
            r"|衛星(?!写真|画像|発射場)|宇宙発射体|銀河\d号|千里馬1|光明星|万里鏡|長距離ロケット"
            r"|위성(?!사진|영상|발사장)|우주발사체|운반로케트|은하 ?\d ?호|천리마 ?1형|광명성|만리경|장거리 ?로켓"
        ),
    ),
    # Anti-ship missiles are cruise missiles ("test-fires 'anti-ship' missiles").
    (
        EventType.CRUISE_MISSILE_LAUNCH,
        _rx(
            r"\bcruise missiles?\b|\banti-ship\W{0,2}\s(?:cruise )?missiles?\b|\b(?:surface|ship)-to-ship\b|巡航ミサイル|地対艦ミサイル"
            r"|対艦ミサイル|순항미[사싸]일|지대함 ?미사일|함대함 ?미사일|대함 ?미사일"
        ),
    ),
    (
        EventType.BALLISTIC_MISSILE_LAUNCH,
        _rx(
            r"\bballistic missiles?\b|(?<![0-9a-z_])(?:ICBM|IRBM|SRBM|MRBM|SLBM)s?(?![0-9a-z_])|\b(?:missiles?|"
            r"projectiles?)\b[^.]{0,60}\b(?:launch|fired|fire\b|test-fire|blew up|exploded|lift-?off)"
            r"|\b(?:launch(?:ed|es)?|fire[ds]|test-fire[ds]|test-launch(?:ed|es)?|tested|lobbed)\b[^.]{0,40}"
            # (Not "artillery rockets": a rocket launcher's, artillery fire.)
            r"\b(?:missiles?|projectiles?|(?:short-range )?(?<!artillery )rockets)\b"
            # A class by its range alone ("four short-range missiles"), and KCNA's "tactical guided missiles".
            r"|\b(?:short|medium|intermediate)-range (?:ballistic )?missiles?\b|\b(?:tactical|new-type) guided missiles?\b"
            # KCNA tells of tests of missile technology without saying "missile launch".
            # The DPRK's "super-large" rocket launchers fire what the ROK and the US class as ballistic missiles.
            r"|\b(?:super-large\W{0,2}|600[- ]?mm)\s+(?:multiple )?(?:rocket )?launchers?|초대형 ?방사포|대구경 ?조종방사포|"
            r"超大型(?:放射砲|ロケット砲)"
            r"|\b(?:separat|guid)\w*\b[^.]{0,60}\bwarheads?\b|\bimportant weapons? (?:system )?test\b|"
            # Its "tactical guided weapons" are short-range ballistic missiles, its "long-range strike means" in a
            # firepower strike drill are missiles.
            r"\b(?:tactical|new-type) guided weapons?\b|戦術誘導兵器|전술유도무기|"
            r"\blong-range strike (?:means|weapons)\b|長距離打撃手段|장거리 ?타격수단|"
            r"\bsolid[- ]fuel(?:led)? (?:engine|motor)s?\b[^.]{0,60}\bstages?\b"
            # (A word's reading may stand in brackets inside it: "飛翔(ひしょう)体", full-width in the press.)
            r"|弾道ミサイル|弾道弾|(?:ミサイル|飛翔(?:\([ぁ-ん]+\))?体)[^。]{0,12}?(?:発射|打ち上げ|試射)"
            r"(?!拠点|基地|施設|能力|台|場|装置|地点)|"
            r"(?:발사체|단거리 ?로켓)[^.]{0,12}?(?:발사|쏘|쐈|쏜|쏴)(?!대|장|기지|시설|능력| ?위치| ?태세)|短距離ロケット[^。]{0,12}?発射|"
            r"ミサイル(?:が)?通過|탄도 ?미[사싸]일|탄도탄|탄도로케트|미사일[^.]{0,12}?(?:발사(?!대|장|기지|시설|능력|체|관| ?위치| ?태세)|쏘아|쐈|쏜|쏴)|미싸일[^.]{0,20}?(?:발사|사격)|다탄두|개별기동전투부|중요무기시험"
        ),
    ),
    (
        EventType.ARTILLERY_FIRE,
        _rx(
            r"\bartillery\b|\bshells?\b|\bcoastal guns?\b|\bmultiple rocket launchers?\b"
            r"|砲撃|砲弾|海岸砲|砲兵|多連装ロケット砲|포격|포탄|해안포|포사격|방사포|포병"
        ),
    ),
)

MISSILE_CLASS_PATTERNS: tuple[tuple[MissileClass, Pattern], ...] = (
    (
        MissileClass.ICBM,
        _rx(
            r"\bintercontinental ballistic missiles?\b|(?<![0-9a-z_])ICBM(?:-class|級)?s?(?![0-9a-z_])"
            r"|大陸間弾道ミサイル|대륙간 ?탄도 ?(?:미[사싸]일|로케트)"
        ),
    ),
    # 中距離 / 중거리 are IRBM, 準中距離 / 준중거리 MRBM (as Japan MoD and ROK JCS write them).
    (
        MissileClass.IRBM,
        _rx(
            r"\bintermediate[- ]range (?:ballistic )?(?:missiles?|weapons?)\b|(?<![0-9a-z_])IRBM(?:級)?s?(?![0-9a-z_])"
            r"|(?<!準)中距離級?弾道ミサイル|(?<!준)중(?:장)?거리(?:급(?: 이상)?)? ?(?:고체)?탄도 ?미[사싸]일"
        ),
    ),
    (
        MissileClass.MRBM,
        _rx(
            r"\bmedium[- ]range (?:ballistic )?(?:missiles?|weapons?)\b|(?<![0-9a-z_])MRBMs?(?![0-9a-z_])|準中距離級?弾道ミサイル|"
            r"준중거리 ?탄도 ?미[사싸]일"
        ),
    ),
    (
        MissileClass.SLBM,
        _rx(
            r"\bsubmarine[- ]launched (?:ballistic )?missiles?\b|(?<![0-9a-z_])SLBMs?(?![0-9a-z_])"
            r"|潜水艦発射弾道ミサイル|잠수함 ?발사 ?탄도 ?미[사싸]일|잠수함 ?탄도탄"
        ),
    ),
    (
        MissileClass.SRBM,
        _rx(
            r"\b(?:short|close)[- ]range ballistic missiles?\b|(?<![0-9a-z_])SRBMs?(?![0-9a-z_])|短距離級?弾道ミサイル|"
            r"단거리 ?탄도 ?미[사싸]일"
        ),
    ),
    (
        MissileClass.CRUISE,
        _rx(r"\bcruise missiles?\b|\banti-ship\W{0,2}\s(?:cruise )?missiles?\b|巡航ミサイル|순항미[사싸]일"),
    ),
)

NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "single": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "dozen": 12,
    "a pair of": 2,
}
#: Quotation marks around a name ('four "strategic cruise missiles"').
_QUOTE = "[\"'\u201c\u201d\u2018\u2019]?"
_COUNT_NOUN = (
    r"(?:"
    + _QUOTE
    + r"[\w-]+"
    + _QUOTE
    + r"\s+){0,5}?"
    + _QUOTE
    # Missiles by their kind, or by a system's name ("2 Scuds", "two Musudans").
    + r"(?:ballistic |cruise )?(?:missiles?|rockets?|projectiles?|ICBMs?|SRBMs?|IRBMs?|shells?|rounds?|shots?|"
    + r"Scuds|Nodongs|Rodongs|Musudans)"
    # Not what is made of them or fires them ("a missile unit", "rocket engines"; "an upgraded 600-mm multiple rocket
    # launcher", where a number of launchers, "a salvo of eighteen ... launchers", counts the rockets fired).
    # ("a newly developed ... guided rocket system": a launcher, not one rocket.)
    + r"(?!\s+(?:engines?|motors?|forces?|units?|brigades?|regiments?|launching|systems?)\b)"
)
COUNT_PATTERN = _rx(
    r"\b(?P<qual>at least |more than |about |around |some |approximately )?(?<![\w-])"
    r"(?!(?:an?|one)\s+(?:[\w'-]+\s+){0,5}?(?:rockets?|missiles?)\s+launchers?\b)"
    # ("a test-firing of guided rockets", "one of the missiles": a or one before a plural counts none of them.)
    r"(?!(?:an?|one)\s+(?!(?:pair|couple|dozen|few|handful)\b)(?:[\w'-]+\s+){0,5}?(?:ballistic |cruise )?"
    r"(?:missiles|rockets|projectiles|shells|rounds|ICBMs|SRBMs|IRBMs)\b)"
    r"(?P<num>\d{1,3}|"
    + "|".join(NUMBER_WORDS)
    + r")\s+"
    # "a volley of missiles" counts none of them; "a pair of" two.
    + r"(?!(?:volley|barrage|series|salvo|number|string|flurry|spate|wave|pair|couple)\b)"
    + _COUNT_NOUN
    + r"\b"
)
UNKNOWN_COUNT_PATTERN = _rx(
    # (A "multiple rocket launcher" is a weapon, not a vague count.)
    r"\b(?:several|multiple(?!\s+rocket\s+launchers?\b)|a number of|a barrage of|volley of)\s+" + _COUNT_NOUN
)
#: Japanese counts with the counter 発 (not 発射 "launch", 発目 "the n-th"); 以上: "or more".
JA_NUMBER_WORDS = {w: i for i, w in enumerate("一二三四五六七八九十", start=1)}
COUNT_PATTERN_JA = _rx(
    r"(?P<qual>少なくとも|約|およそ)?(?P<num>\d{1,3}|["
    + "".join(JA_NUMBER_WORDS)
    + r"])発(?P<more>以上)?(?![射表生言令出目見])"
)
UNKNOWN_COUNT_PATTERN_JA = _rx(r"複数発|数発|数十発|複数の(?:弾道|巡航)?ミサイル")
#: Korean counts with the counter 발 (not 발사 "launch", 발표 "announcement" ...); 10여 발: "ten-odd", 18발가량: about 18.
KO_NUMBER_WORDS = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10}
_KO_COUNTER = r" ?발(?![사표견생령언진전굴효])(?P<about>가량|쯤|정도)?"
COUNT_PATTERN_KO = _rx(
    # (Not a sum over days: "사흘간 6발", "이틀간 모두 4발".)
    r"(?P<qual>최소 |적어도 |약 |대략 )?(?<![0-9가-힣])(?<!일간 )(?<!흘간 )(?<!틀간 )(?<!새간 )(?<!간 모두 )(?P<num>\d{1,3}|"
    + "|".join(KO_NUMBER_WORDS)
    + r")(?P<more>여)?"
    + _KO_COUNTER
)
UNKNOWN_COUNT_PATTERN_KO = _rx(r"(?<![가-힣])(?:수|여러|수십) ?발(?![사표견생령언진전굴효])|다수의 (?:탄도)?미[사싸]일")
COUNT_WORDS = {**NUMBER_WORDS, **JA_NUMBER_WORDS, **KO_NUMBER_WORDS}
#: Words before a number and what they make of it ("about": approximate); the rest are exact.
AT_LEAST_WORDS = frozenset({"at least", "more than", "少なくとも", "최소", "적어도"})

#: A number, grouped in thousands or not ("1,000", "1100"), whole: never the tail of a longer one ("100" of "1100").
_NUM = r"(?<![\d,.])(?P<value>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
#: Words before a number that leave it the figure ("about 550 km", "roughly 260 km", "more than 7,000 km").
_ABOUT = (
    r"(?:about |approximately |around |over |more than |at least |some |roughly |nearly |almost |up to |just over )?"
)
#: Miles before the kilometres ("around 37 miles, or 60 kilometers"; "230 miles (370 km)").
_MILES_FIRST = r"(?:[\d,.]+ miles?,? (?:or |\()?" + _ABOUT + r")?"
APOGEE_PATTERN = _rx(
    r"(?:altitudes?|apogees?|heights?|peak(?:ed|ing)? at|peak of|climb(?:ed|ing) to|rose to|rising to|soar(?:ed|ing) to)"
    # (A span of heights, "altitudes of 25km to 90km", is no one missile's figure.)
    r"\s+(?:of\s+)?" + _ABOUT + _MILES_FIRST + _NUM + r"\s*(?:km|kilomet(?:er|re)s?)(?!\s*(?:to|-|\u2013)\s*\d)"
)
RANGE_PATTERN = _rx(
    # A range a missile has ("which have a range of about 46 km") is what it can fly, not what it flew.
    r"(?:flew|flying|traveled|travelled|traveling|travelling|glided|gliding"
    r"|(?<!have a )(?<!has a )(?<!had a )(?<!with a )(?<!maximum )range of"
    r"|distance of|covered|covering"
    r"|flight distance of)\b(?:(?!altitude|apogee|height|peak|rose|rising|climb)[^.]){0,40}?"
    # A bound ("a range of less than 100 km") is no figure of the flight, nor is a span of distances ("flew 70 to
    # 200 km", "70 km to 200 km": the missiles flew different distances).
    + r"(?<!less than )(?<!fewer than )(?<!under )(?<!below )(?<!\d to )(?<!km to )(?<!\d-)(?<!\d\u2013)"
    + _ABOUT
    + _NUM
    + r"\s*(?:km|kilomet(?:er|re)s?)(?!\s*(?:to|-|\u2013)\s*\d)"
)
#: "hit a target 700 kilometers (435 miles) away", "a target island 1,800 km away": the distance flown.
RANGE_TO_TARGET_PATTERN = _rx(
    r"\btargets?(?: (?:island|islet|area|point|zone)s?)? (?:some |about |around )?"
    + _NUM
    + r"\s*(?:km|kilomet(?:er|re)s?)(?: \([^)]{0,20}\))? away"
)
#: "最高高度はいずれも約50キロ" (each of them), "飛行距離は最大で約900キロ" (the farthest).
_EACH_JA = r"(?:いずれも|ともに|最大で?)?"
#: Kilometres, as the press writes them ("キロ・メートル" is one paper's house style).
_KM_JA = r"(?:km|㎞|キロ(?:・?メートル)?)"
#: After a height: the missile was lost there ("高度約17キロでレーダーから消え", "고도 20㎞에서 폭발"), no apogee.
_LOST_AT = r"(?!\s?(?:で|에서)[^。.、,]{0,12}?(?:消失|消え|爆発|分解|사라|소실|폭발))"
APOGEE_PATTERN_JA = _rx(
    r"(?:最高高度|最大高度|高度)は?" + _EACH_JA + r"(?:約|およそ)?" + _NUM + r"\s?" + _KM_JA + _LOST_AT
)
APOGEE_PATTERN_KO = _rx(r"(?:정점 ?)?고도(?:는|가)? ?(?:약 ?)?" + _NUM + r"여? ?(?:km|㎞|킬로(?:미터)?)" + _LOST_AT)
RANGE_PATTERN_JA = _rx(
    r"(?:飛翔|飛行)距離は?"
    + _EACH_JA
    + r"(?:約|およそ)?"
    + _NUM
    + r"\s?"
    + _KM_JA
    # "それぞれ約400キロと約350キロ": the farther of the two.
    + r"|(?:飛翔|飛行)距離はそれぞれ(?:約|およそ)?(?P<first>[\d,.]+)\s?"
    + _KM_JA
    + r"?と(?:約|"
    r"およそ)?(?P<second>[\d,.]+)\s?" + _KM_JA
)
#: "約1,000km飛翔" (the press: 飛行): a distance followed by the verb (not "西約200kmの日本海", the point of impact).
RANGE_FLOWN_PATTERN_JA = _rx(_NUM + r"\s?" + _KM_JA + r"(?:程度|以上|ほど|ぐらい|くらい)?を?(?:飛翔|飛行|飛び|飛ん)")
#: A target that far away was hit (KCNA's claim): "約1500キロ先の目標に命中".
RANGE_TO_TARGET_PATTERN_JA = _rx(_NUM + r"\s?" + _KM_JA + r"先の(?:目標|標的)")
#: (Not a maximum range, "최대 사거리가 120㎞": what the missile can fly.)
RANGE_PATTERN_KO = _rx(
    r"(?<!최대 )(?<!최대)(?<!최대 사)(?<!최대사)(?:비행 ?거리|사거리|거리)(?:는|가)? ?(?:약 ?)?"
    + _NUM
    # ("사거리 1300㎞의 노동미사일": the range a missile has, not what it flew.)
    + r"여? ?(?:km|㎞|킬로)(?!(?:미터)?(?: ?(?:안팎|내외|가량|정도))?(?:급|대)?의 )"
)
#: "약 1,000km를 비행", "950km의 거리를 ... 비행".
RANGE_FLOWN_PATTERN_KO = _rx(
    # "각각 420여㎞와 270여㎞를 날았고": the farther of the two.
    r"각각 (?:약 ?)?(?P<first>[\d,.]+)여? ?(?:km|㎞|킬로)?(?:와|과) (?:약 ?)?(?P<second>[\d,.]+)여? ?(?:km|㎞|킬로(?:미터)?)"
    r"(?:를|을)? ?(?:비행|날아|날았)"
    r"|"
    + _NUM
    + r"여? ?(?:km|㎞|킬로(?:미터)?)(?: ?이상| ?가량| ?정도)?(?:(?:를|을)? ?(?:\d+ ?분(?:간|동안)? ?)?(?:비행|날아|날았)|의 거리를)"
)
#: "約73分間飛翔", "53분간 비행" (KCNA's "4,135s간", seconds, is not read).
FLIGHT_TIME_PATTERN_JA = _rx(r"(?:約|およそ)?(?P<value>\d{1,3})分間?(?:程度)?を?(?:飛翔|飛行)")
FLIGHT_TIME_PATTERN_KO = _rx(r"(?:약 ?)?(?P<value>\d{1,3}) ?분(?:간|동안) ?(?:비행|날아)")
FLIGHT_TIME_PATTERN = _rx(
    r"(?:flew for|flight time of|flight of|for)\s+(?:about |approximately |around )?(?P<value>\d{1,3})\s+minutes"
)

_EEZ_JA_KO = r"(?:排他的経済水域|배타적 ?경제수역|EEZ)(?: ?\(EEZ\))? ?"
#: Whose zone: Japan's, or the zone Japan's statement calls its own ("fell inside its exclusive economic zone").
_WHOSE_EEZ = r"(?:Japan'?s |its |the country'?s |the |Japanese )"
EEZ_INSIDE = _rx(
    r"\b(?:inside|within|into) "
    + _WHOSE_EEZ
    + r"(?:exclusive economic zone|EEZ)|"
    + _EEZ_JA_KO
    + r"(?:内|の内側|안|내)"
)
#: Words that deny or doubt what their sentence says ("there is no confirmation that it fell within ...").
#: A plain regular expression: it runs on one sentence, seldom.
NEGATION = re.compile(
    r"\b(?:not|no|never|neither|nor|unconfirmed|without|rather than|instead of)\b|ない|ません|未確認|않|없|아니"
    # The negative run on into the next clause ("EEZ内への飛来は確認されておらず、").
    r"|おらず|できず|されず|せず"
    # A possibility called low ("ICBMの可能性は低い", "ICBM일 가능성은 낮다").
    r"|可能性(?:は|が)低|가능성(?:은|이) 낮",
    _FLAGS,
)
EEZ_OUTSIDE = _rx(
    r"\boutside (?:of )?" + _WHOSE_EEZ + r"(?:exclusive economic zone|EEZ)|" + _EEZ_JA_KO + r"(?:外|の外|밖|바깥|외)"
)
#: A zone not reached: "EEZへの飛来なし", "EEZ에 떨어지지 않았다", "did not land in Japan's exclusive economic zone"
#: (not "not confirmed", "no sign", which leave it open).
EEZ_NOT_REACHED = _rx(
    r"\b(?:(?:did not|didn't|never) |none of (?:the|them)\b[^.]{0,40}?)(?:reach\w*|land\w*|fall|fell|enter\w*|come down)"
    r"\b[^.]{0,40}?\b(?:exclusive economic zone|EEZ)"
    r"|(?:排他的経済水域|EEZ)(?: ?\(EEZ\))? ?内?(?:へ|に)の?(?:飛来|落下|着弾)(?:は|も)?(?:なし|しなかった|していない|しておらず)"
    r"|(?:배타적 ?경제수역|EEZ)(?: ?\(EEZ\))? ?(?:안|내)?(?:에|으로|로)? ?(?:떨어지지|낙하하지|들어오지|날아오지)(?:는|도)? ?않"
)
OVERFLIGHT = _rx(
    r"\b(?:passed|flew|flying|overflew|passing|crossed|crossing) over (?:northern |southern )?(?:Japan\b|"
    r"Japanese territory"
    r"|(?:the )?(?:Tohoku|Hokkaido|Aomori|Okinawa))|\boverflew (?:northern |southern )?Japan|\bcrossed (?:Hokkaido|"
    r"Japan)\b"
    r"|\b(?:fired|fires|launched|launches|sent)\b[^.]{0,40}\bover (?:northern |southern )?Japan\b"
    r"|上空を[^。]{0,8}通過|列島を(?:越え|通過)"
    # Japan, or its prefectures named ("일본 아키타·이와테현 상공을 지나").
    r"|(?:일본 ?(?:열도 ?)?(?:[가-힣]{2,5}(?:·[가-힣]{2,5})* ?)?|(?:오키나와|홋카이도|아오모리|도호쿠|아키타|이와테)(?:현|도| ?지방)? ?)상공을 ?"
    r"(?:통과|지나|넘어|가로질러)|"
    r"일본 열도를 ?(?:넘어|통과)"
)
LANDINGS = (
    ("sea-of-japan", _rx(r"\bSea of Japan\b|\bEast Sea\b|日本海|동해(?!안|선)")),
    ("yellow-sea", _rx(r"\bYellow Sea\b|\bWest Sea\b|黄海|서해(?!안|위성)")),
    ("pacific", _rx(r"\bPacific\b|太平洋|태평양")),
)
FAILURE = _rx(
    r"\b(?:fails|failed|failure|exploded|explosion|crashed|broke up|broke apart|blew up|disintegrated|went wrong"
    r"|fizzl\w+)\b"
    r"|失敗|爆発|空中分解|墜落|실패|폭발|추락"
    # Nothing put into orbit ("軌道に達した物体はない", "nothing reached orbit").
    r"|\b(?:nothing|no (?:object|satellite|payload)s?) (?:reached|entered|was put into|went into) orbit\b"
    r"|軌道に(?:達した|乗った|入った|投入された)(?:物体|もの)(?:は|も)?(?:ない|なし|なかった)|軌道に(?:乗ら|達し|入ら)なかった"
    r"|궤도(?:에|로) (?:진입하|오르|올라가)지 못|궤도 진입(?:에|을) 실패"
)
#: Success, or a claim of it: 성과적으로 is KCNA's "successfully"; hitting the target is its way of telling one.
SUCCESS = _rx(
    # A satellite put into orbit, as a tracker tells it ("Norad says the object it carried appears to have reached
    # orbit").
    r"\b(?:reached|entered|achieved) (?:an? |its )?orbit\b|\bis (?:now )?circling the Earth\b|"
    r"\bsuccessful(?:ly)?\b|\bsuccess\b|\b(?:hit|hitting|struck|striking) (?:the |an? |its |their )?(?:[\w-]+ ){0,2}"
    r"targets?\b|成功|성공|성과적|命中|명중|正確に(?:打撃|着弾)|정확히 (?:타격|떨어|탄착)"
)
#: A satellite's rocket named: "the Unha-3 rocket", "space launch vehicle", 運搬ロケット, 운반로케트, 발사체.
CARRIER_ROCKET = _rx(
    r"\brockets?\b|\blaunch vehicle\b|\bUnha(?:-\d)?\b|\bChollima-1\b"
    r"|ロケット|発射体|運搬ロケット|로케트|로켓|발사체|천리마 ?1형|은하 ?\d ?호"
)
#: One missile told in English by its flight ("The missile climbed to 7,687 km", "the ICBM it launched a day
#: earlier"): a singular subject of the launch's own verbs, where no number is given.
ONE_MISSILE = _rx(
    r"\b(?:the|that) (?:[\w-]+ ){0,4}?(?:missile|ICBM|IRBM|MRBM|SRBM|SLBM|projectile)"
    r"(?:, [^,.;]{1,80},)? (?:(?:it|the North|Pyongyang|North Korea) (?:had )?(?:launched|fired|test-fired|tested)\b|"
    r"(?:was (?:fired|launched)|flew|climbed|crashed|landed|fell|reached|travel+ed|exploded|splashed|soared|"
    r"rose|stayed|blew up|disintegrated)\b)"
)
#: Just before a count in Japanese or Korean: shells, not missiles ("砲撃170発", "포탄 약 200발").
_SHELLS_BEFORE = re.compile(r"(?:砲撃|砲弾|포격|포탄|해안포)\s?(?:約|약)?\s?$")
#: Weapons in the plural, an act's words in English ("fired missiles", "tactical guided weapons").
_PLURAL_ARMS = re.compile(r"\b(?:missiles|weapons|projectiles|rockets|(?:ICBM|IRBM|MRBM|SRBM|SLBM)s)\b")
#: A satellite put into orbit: one carrier rocket flew, whether or not the text counts it.
ORBIT = _rx(
    r"\binto (?:its |an? |the )?orbit\b|\bput into orbit\b|軌道に(?:正確に)?(?:投入|乗|進入)|"
    r"궤도에 (?:정확히 )?(?:진입|올려|올렸)"
)

# "at around 7:22 a.m.", "at 10:43 p.m.", "at 22:42:28", "at 6:39 pm"
TIME_PATTERN = _rx(
    r"\b(?:at|around|between|from)\s+(?:around\s+|about\s+|approximately\s+)?"
    # (A wire's GMT time may have no colon: "at 2114 GMT".)
    r"(?:(?P<h>\d{1,2})(?:[:.]|(?=\d{2}\s*(?:GMT|UTC)\b))(?P<m>\d{2})(?::(?P<s>\d{2}))?\s*(?P<ampm>a\.?m\.?|p\.?m\.?)?"
    r"|(?P<hour_only>\d{1,2})\s*(?P<hour_ampm>a\.?m\.?|p\.?m\.?))"  # "around 10 a.m.": the hour only
    # A stated range ("between 6:10 and 6:40 a.m."): its start, in the half of the day its end names.
    r"(?:\s*(?:and|to|-|\u2013)\s*(?P<end_h>\d{1,2})[:.](?P<end_m>\d{2})\s*(?P<range_ampm>a\.?m\.?|p\.?m\.?)?)?"
)
MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
#: Month names as the press abbreviates them too ("Nov. 21", "Sept 3").
_MONTH = r"(?P<month>" + "|".join(MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: A day named by its weekday or as today or yesterday, resolved from the publication day.
_DAY_WORDS = (
    r"\b(?P<weekday>" + "|".join(WEEKDAYS) + r")\b"
    r"|\b(?P<rel>today|tonight|this morning|this afternoon|this evening|yesterday|last night|the previous day"
    r"|the previous (?:morning|afternoon|evening|night)|the day before)\b"
)
DATE_PATTERN = _rx(r"\b(?:on\s+)?" + _MONTH + r"\s+(?P<day>\d{1,2})\b(?:,\s*(?P<year>\d{4}))?|" + _DAY_WORDS)
#: "on March 24", "on November 21, 2023", "on the afternoon of January 14": when something happened.
ON_DATE_PATTERN = _rx(
    r"\b(?:on\s+(?:the\s+(?:morning|afternoon|evening|night)\s+of\s+)?)?"
    + _MONTH
    + r"\s+(?P<day>\d{1,2})\b(?:,\s*(?P<year>\d{4}))?|"
    + _DAY_WORDS
)
#: A date with its day first, as British and Australian outlets write it ("on 15 September", "29 August 2017").
ON_DAY_FIRST_DATE_PATTERN = _rx(r"\b(?:on\s+)?(?P<day>\d{1,2})\s+" + _MONTH + r"\b(?:\s+(?P<year>\d{4}))?")
# Japanese: "7時11分頃", "午前7時ごろ" (the hour only), "6時台"; not "24時間" (hours).
TIME_PATTERN_JA = _rx(
    r"(?P<ampm>午前|午後)?(?P<h>\d{1,2})時(?:(?P<m>\d{1,2})分(?:(?P<s>\d{1,2})秒)?|(?P<half>半))?(?![間点])"
)
# Korean: "오전 7시 10분경", "22시 42분 28초", "밤 10시께"; not "18시간" (hours) nor "-18 시험" (a test).
TIME_PATTERN_KO = _rx(
    # (Not a model's number before a word: "KF-21 시제기".)
    r"(?:(?P<ampm>오전|오후|새벽|아침|밤|저녁|낮) ?)?(?<![-A-Za-z\d])(?P<h>\d{1,2}) ?시(?![간각점작험도기행설스제])"
    r"(?: ?(?P<m>\d{1,2}) ?분(?: ?(?P<s>\d{1,2}) ?초)?)?"
)
#: Words that put a clock time in the afternoon, or in the morning.
PM_WORDS = frozenset({"pm", "午後", "오후", "밤", "저녁"})
AM_WORDS = frozenset({"am", "午前", "오전", "새벽", "아침"})
# "2023年11月21日", "10月31日", "24日" (this month); not "日本", "2日間".
DATE_PATTERN_JA = _rx(
    r"(?:(?P<year>\d{4})年)?(?:(?P<month>\d{1,2})月)?(?<!\d)(?P<day>\d{1,2})日(?![本間目付])"
    r"|(?P<rel>きょう|今日|けさ|今朝|本日|昨日|きのう|昨夜|昨晩|この日|前日)"
)
# "주체112(2023)년 11월 21일", "10월 31일", "31일"; not "1일발" (the dateline of KCNA), "일본" (Japan).
DATE_PATTERN_KO = _rx(
    r"(?:(?:주체 ?\d{2,3} ?\()?(?P<year>\d{4})\)? ?년 ?)?(?:(?P<month>\d{1,2}) ?월 ?)?(?<!\d)(?P<day>\d{1,2}) ?일(?![간본대부반차발])"
    # Days counted, not a date ("9일 만에", "9일 새": in nine days).
    r"(?! ?(?:만에|만의|새 |사이))"
    r"|(?P<rel>오늘|이날|금일|어제|어젯밤|간밤|전날)"
)
#: A year and a month with no day after them, in Japanese or Korean ("2017年11月", "2017년 11월").
YEAR_MONTH_CJK = _rx(r"(?P<year>(?:19|20)\d\d) ?(?:年|년) ?(?P<month>\d{1,2}) ?(?:月|월)(?! ?\d{1,2} ?(?:日|일))")
RUSSIA = _rx(r"\bRussia(?:n)?\b|ロシア|러시아")
EXERCISE = _rx(
    r"\bexercises?\b|\bdrills?\b|\bshow of force\b|\bFreedom Edge\b|訓練|演習|フリーダム・?エッジ|훈련|프리덤 ?에지"
)
WARNING_SHARING = _rx(
    r"missile[- ]warning data|data[- ]sharing mechanism|real[- ]time[^.]{0,40}\bdata|ミサイル警戒(?:データ|情報)|"
    r"미사일 경보정보"
    # The arrangement before it, to share intelligence on the DPRK's missiles ("an arrangement to share classified
    # information on North Korea's nuclear and missile programs", "ミサイルに関する秘密情報を共有").
    r"|\bshar(?:e|ing) (?:classified |military )?(?:intelligence|information)\b[^.]{0,60}\bmissile"
    r"|ミサイルに関する[^。]{0,10}情報を?共有|미사일[^.]{0,15}정보 ?공유"
)


@dataclass(frozen=True)
class Language:
    """The patterns of one language (or of several, together) that named groups keep apart from the others'."""

    count: tuple[Pattern, ...]
    unknown_count: tuple[Pattern, ...]
    time: tuple[Pattern, ...]
    #: For each time pattern, the date near a time of it; and a date alone (in English: "on March 24").
    date: tuple[Pattern, ...]
    on_date: tuple[Pattern, ...]
    apogee: tuple[Pattern, ...]
    range: tuple[Pattern, ...]
    flight_time: tuple[Pattern, ...]


LANGUAGES: dict[str, Language] = {
    "en": Language(
        (COUNT_PATTERN,),
        (UNKNOWN_COUNT_PATTERN,),
        (TIME_PATTERN,),
        (DATE_PATTERN,),
        (ON_DATE_PATTERN, ON_DAY_FIRST_DATE_PATTERN),
        (APOGEE_PATTERN,),
        (RANGE_PATTERN, RANGE_TO_TARGET_PATTERN),
        (FLIGHT_TIME_PATTERN,),
    ),
    "ja": Language(
        (COUNT_PATTERN_JA,),
        (UNKNOWN_COUNT_PATTERN_JA,),
        (TIME_PATTERN_JA,),
        (DATE_PATTERN_JA,),
        (DATE_PATTERN_JA,),
        (APOGEE_PATTERN_JA,),
        (RANGE_PATTERN_JA, RANGE_FLOWN_PATTERN_JA, RANGE_TO_TARGET_PATTERN_JA),
        (FLIGHT_TIME_PATTERN_JA,),
    ),
    "ko": Language(
        (COUNT_PATTERN_KO,),
        (UNKNOWN_COUNT_PATTERN_KO,),
        (TIME_PATTERN_KO,),
        (DATE_PATTERN_KO,),
        (DATE_PATTERN_KO,),
        (APOGEE_PATTERN_KO,),
        (RANGE_PATTERN_KO, RANGE_FLOWN_PATTERN_KO),
        (FLIGHT_TIME_PATTERN_KO,),
    ),
}


ENGLISH = LANGUAGES["en"]


@cache
def rules_for(languages: tuple[str, ...]) -> Language:
    """The patterns of the languages, each kind's together (made once for each set of languages)."""
    if len(languages) == 1:
        return LANGUAGES[languages[0]]
    parts = [LANGUAGES[language] for language in languages]
    return Language(*(tuple(p for part in parts for p in getattr(part, f.name)) for f in fields(Language)))


_KANA = re.compile("[\u3040-\u30ff]")
_HANGUL = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_KANJI = re.compile("[\u4e00-\u9fff]")


def languages(text: str, declared: str | None = None) -> tuple[str, ...]:
    """The languages a text is written in, from its scripts (kana: Japanese, hangul: Korean; kanji alone, as
    in a headline, Japanese) and the language the report declares. English always: Latin designations
    (ICBM, EEZ, KN-23) and English quotes turn up in every language."""
    found = ["en"]
    if not text.isascii():
        if _KANA.search(text) or (_KANJI.search(text) and not _HANGUL.search(text)):
            found.append("ja")
        if _HANGUL.search(text):
            found.append("ko")
    tag = (declared or "")[:2].lower()
    if tag in LANGUAGES and tag not in found:
        found.append(tag)
    return tuple(found)


#: Each full-width or half-width form (and the ideographic space) as its NFKC form, where that is one character
#: (one for one: offsets stay those of the original); made once, applied by `str.translate`.
WIDTHS = {
    code: normal
    for code in (0x3000, *range(0xFF01, 0xFFEF))
    if len(normal := unicodedata.normalize("NFKC", chr(code))) == 1 and normal != chr(code)
}


_WIDE = re.compile("[" + "".join(map(chr, WIDTHS)) + "]")  # most texts have none: translate only those that do


def narrow(text: str) -> str:
    """The text with full-width digits, letters and punctuation as ASCII, each character in its place."""
    return text.translate(WIDTHS) if not text.isascii() and _WIDE.search(text) else text


# The ordered tables above, each searched as one: the first entry (in order) whose pattern matches wins.
EVENT_TYPE_TABLE = FirstMatch(EVENT_TYPE_PATTERNS)
SYSTEM_TABLE = FirstMatch((name, pattern) for name, (_, _, pattern) in MISSILE_SYSTEMS.items())
SITE_TABLE = FirstMatch((name, pattern) for name, (_, pattern) in SITES.items())
LANDING_TABLE = FirstMatch(LANDINGS)

#: Event types whose date alone (without a time) is taken as the time of occurrence.
DATED_TYPES = frozenset(
    {
        EventType.BALLISTIC_MISSILE_LAUNCH,
        EventType.CRUISE_MISSILE_LAUNCH,
        EventType.SATELLITE_LAUNCH,
        EventType.NUCLEAR_TEST,
        EventType.ARTILLERY_FIRE,
    }
)

#: Event types whose count (of missiles, shells) is extracted.
COUNTED_TYPES = frozenset(
    {
        EventType.BALLISTIC_MISSILE_LAUNCH,
        EventType.CRUISE_MISSILE_LAUNCH,
        EventType.SATELLITE_LAUNCH,
        EventType.ARTILLERY_FIRE,
    }
)


@dataclass
class Extraction:
    """The facts found in one text, each with its provenance."""

    values: dict[str, Any] = field(default_factory=dict)
    provenance: list[Provenance] = field(default_factory=list)
    #: The text as written, which spans quote (the patterns search it with narrowed widths, same offsets).
    original: str | None = None
    #: The languages whose rules were applied.
    languages: tuple[str, ...] = ("en",)
    #: The report as sentences and clauses, and the story's event found in it.
    reading: Reading | None = None
    story: StoryEvent | None = None

    def put(self, name: str, value: Any, match: re.Match[str] | None, confidence: float, rule: str) -> None:
        if value is None or name in self.values:
            return
        self.values[name] = value
        span = None
        if match:
            span = self.original[match.start() : match.end()] if self.original is not None else match.group(0)
        self.provenance.append(
            Provenance(
                field=name,
                # A span stretched by odd whitespace can exceed what a record keeps: cut its text, not the report.
                text=span[:MAX_SPAN_LEN] if span is not None else None,
                start=match.start() if match else None,
                end=match.end() if match else None,
                confidence=confidence,
                method=f"rule:{rule}",
                clause=self.reading.describe(match.start()) if match and self.reading else None,
            )
        )


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def plausible(value: datetime | None) -> bool:
    """A time the text can support: on the calendar, within the years reports may carry."""
    return value is not None and value.year in PLAUSIBLE_YEARS and value.year + 1 in PLAUSIBLE_YEARS


#: Words for the day of publication and the day before it.
YESTERDAY_WORDS = frozenset(
    {
        "yesterday",
        "last night",
        "the previous day",
        "the previous morning",
        "the previous afternoon",
        "the previous evening",
        "the previous night",
        "the day before",
        "昨日",
        "きのう",
        "昨夜",
        "昨晩",
        "어제",
        "어젯밤",
        "간밤",
        "전날",
        "前日",
    }
)


#: "That day": the day the story named before, which is the report's own only when it named none.
THAT_DAY_WORDS = frozenset({"이날", "この日"})
#: Words for the day a statement is made ("today", 오늘, きょう).
TODAY_WORDS = frozenset({"today", "tonight", "きょう", "今日", "本日", "오늘", "금일"})


def _month_number(name: str) -> int:
    return (
        int(name)
        if name.isdigit()
        else MONTHS.get(name.lower())
        or next(number for month, number in MONTHS.items() if month.startswith(name.lower().rstrip(".")[:3]))
    )


def _calendar_day(match: re.Match[str], published: date) -> date:
    """The day a date names ("November 21, 2023", "10월 31일", "24日", "Tuesday", "yesterday"), resolved against
    the publication day: without a year, the last such day on or before it (without a month, of this month or
    the last; a weekday, the last one on or before it)."""
    groups = match.groupdict()
    if groups.get("rel"):
        return published - timedelta(days=1) if groups["rel"].lower() in YESTERDAY_WORDS else published
    if groups.get("weekday"):
        return published - timedelta(days=(published.weekday() - WEEKDAYS.index(groups["weekday"].lower())) % 7)
    year = int(groups["year"]) if groups.get("year") else published.year
    if groups.get("month"):
        day = date(year, _month_number(groups["month"]), int(groups["day"]))
        if not groups.get("year") and day > published:
            day = day.replace(year=year - 1)  # "on December 30" in a January report: last year
        return day
    last_month = published.replace(day=1) - timedelta(days=1)
    try:
        day = date(year, published.month, int(groups["day"]))
    except ValueError:  # "31일" in a report of November 1st: October's
        return last_month.replace(day=int(groups["day"]))
    if day > published:  # "30日" in a report of the 1st: last month's
        day = last_month.replace(day=int(groups["day"]))
    return day


def _date_near(match: re.Match[str], text: Text, near: Pattern, floor: int = 0) -> re.Match[str] | None:
    """The date that goes with a time: the last one just before it in its sentence (from `floor`: "昨日(17日)22時37分頃"
    after a release's own date), else the first just after it ("at 2:48 a.m. on November 29")."""
    # After the time, not in parentheses: "5 a.m. Japan time (2000 GMT Tuesday)" names another zone's day, "4:59 pm
    # (0759 GMT) on Sunday" the time's own.
    paren = text.raw.find("(", match.end(), match.end() + 40)
    first = near.search(text, max(floor, match.start() - 60), paren if paren != -1 else match.end() + 40)
    if first is None and paren != -1 and (close := text.raw.find(")", paren, paren + 40)) != -1:
        after = near.search(text, close + 1, close + 16)
        return after if after is not None and after.start() - close <= 5 else None
    if first is None or first.end() > match.start():
        return first  # none, or none before the time (one search: most reports have one date, or none)
    while later := near.search(text, first.end(), match.start()):
        first = later
    return first


def _clock(match: re.Match[str]) -> tuple[int, int, int, bool]:
    """A clock time's hour (of 24), minute and second, and whether it gives the hour alone."""
    groups = match.groupdict()
    # The hour alone: "around 10 a.m.", "午前7時ごろ", "밤 10시께".
    half = groups.get("half") is not None  # "0時半": half past
    hour_only = groups.get("hour_only") is not None or (groups.get("m") is None and not half)
    hour = int(groups.get("hour_only") or groups["h"])
    minute = 0 if hour_only else 30 if half else int(groups["m"])
    hour = _hour_of_day(hour, groups.get("hour_ampm") or groups.get("ampm") or groups.get("range_ampm"))
    second = int(groups["s"]) if groups.get("s") else 0
    return hour, minute, second, hour_only


def _hour_of_day(hour: int, ampm: str | None) -> int:
    """An hour of the clock as an hour of the day: 3 p.m. is 15, 12 a.m. is 0 (午後, 오후, 밤 … as p.m.)."""
    half = (ampm or "").lower().replace(".", "")
    if half in PM_WORDS and hour < 12:
        return hour + 12
    if half in AM_WORDS and hour == 12:
        return 0
    return hour


def _range_end(match: re.Match[str], start: datetime) -> datetime | None:
    """The end of a stated range of times ("between 9:06 and 9:27 a.m."), on the start's day and in its zone (the
    next day's when it runs past midnight); None when the text states none."""
    groups = match.groupdict()
    if not groups.get("end_h"):
        return None
    hour = _hour_of_day(int(groups["end_h"]), groups.get("range_ampm") or groups.get("ampm"))
    minute = int(groups["end_m"])
    if hour > 23 or minute > 59:
        return None
    end = start.replace(hour=hour, minute=minute, second=0)
    return end if end > start else end + timedelta(days=1) if end < start - timedelta(hours=12) else None


def _resolve_time(
    match: re.Match[str],
    text: Text,
    published_at: datetime,
    near: Pattern,
    zone: tzinfo | None = None,
    story_day: re.Match[str] | None = None,
    floor: int = 0,
) -> tuple[datetime | None, TimePrecision]:
    """A local clock time in the report, resolved with the date beside it (searched from `floor`, else the story's
    day, else the report's) and the zone the text states for it (the publisher's when it states none). None: no
    such time."""
    hour, minute, second, hour_only = _clock(match)
    zone = zone or published_at.tzinfo
    local_published = published_at.astimezone(zone)
    day = local_published.date()
    # The date beside the time, else the day the story gives its event ("fired ... on Sunday" in the lede, "at
    # around 8 a.m." in the next sentence).
    date_match = _date_near(match, text, near, floor)
    if date_match is not None and story_day is not None and date_match.groupdict().get("rel") in THAT_DAY_WORDS:
        date_match = story_day  # "이날 오후 5시 42분" after a lede's "27일": that day is the one the story named
    date_match = date_match or story_day
    if date_match:
        try:
            day = _calendar_day(date_match, day)
        except (ValueError, OverflowError):  # "February 30", or a day before the first of the calendar
            return None, TimePrecision.MINUTE
    try:
        occurred = datetime.combine(day, time(hour % 24, minute, second), tzinfo=zone)
    except ValueError:  # a minute or a second out of range
        return None, TimePrecision.MINUTE
    # (Or "today" in words said before midnight: "오늘 23시55분쯤" in a story filed at 00:35.)
    today = date_match is not None and (date_match.groupdict().get("rel") or "").lower() in TODAY_WORDS
    if (not date_match or today) and occurred > local_published + timedelta(minutes=5):
        try:
            occurred -= timedelta(days=1)  # a night launch reported after midnight: it happened the day before
        except OverflowError:  # the first day of the calendar
            return None, TimePrecision.MINUTE
    if hour_only:
        return occurred, TimePrecision.HOUR
    return occurred, TimePrecision.SECOND if match.groupdict().get("s") else TimePrecision.MINUTE


def _resolve_date(match: re.Match[str], published_at: datetime) -> datetime | None:
    """A date without a time ("on March 24", "Tuesday"): that day where the events launchwatch follows happen
    (Korea and Japan: "Wednesday" in a New York story of Tuesday evening is Wednesday there), or None."""
    local_published = published_at.astimezone(KOREA)
    try:
        day = _calendar_day(match, local_published.date())
    except ValueError:  # "on February 30", or before the first of the calendar
        return None
    return datetime.combine(day, time(0, 0), tzinfo=KOREA)


#: Korea's and Japan's zone (UTC+9): of the times the texts state as "Seoul time", "KST", 日本時間, 한국시간.
KOREA = timezone(timedelta(hours=9), "KST")
#: A zone stated right after a clock time ("7:10 a.m. Seoul time", "(KST)", "local time"), or before it
#: (日本時間の午前, 한국시간 오전, 현지시간).
ZONE_AFTER = re.compile(
    # A weekday may come between ("10:15 a.m. Friday Korea time").
    r"\s*(?:(?:on\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\s+)?[(,]?\s*(?:(?P<kst>(?:Seoul|Korea|Korean|Pyongyang|Tokyo|Japan|Japanese)(?: standard)? time|KST|JST"
    r"|local time|local|in (?:South )?Korea|in Seoul|in Japan|in Tokyo)|(?P<utc>GMT|UTC)"
    # Washington's and California's clocks ("10:30 p.m. EDT Saturday", "at 2 p.m. ET").
    r"|(?P<us>EDT|EST|ET|PDT|PST|PT|HST|(?:Eastern|Pacific) (?:daylight |standard )?time|Hawaii(?:an)? (?:standard )?time))\b",
    _FLAGS,
)
#: The US zones a text names, by the words (an unqualified "ET" or "Eastern time" keeps the season's offset).
US_ZONES: dict[str, tzinfo] = {
    "edt": timezone(timedelta(hours=-4), "EDT"),
    "est": timezone(timedelta(hours=-5), "EST"),
    "pdt": timezone(timedelta(hours=-7), "PDT"),
    "pst": timezone(timedelta(hours=-8), "PST"),
    "et": ZoneInfo("America/New_York"),
    "pt": ZoneInfo("America/Los_Angeles"),
    "hst": timezone(timedelta(hours=-10), "HST"),  # (Hawaii keeps no summer time: US Indo-Pacific Command's clock)
}


def _us_zone(words: str) -> tzinfo:
    """The zone of US clock words: EDT, EST, ET, Eastern (daylight) time, California's and Hawaii's."""
    words = words.lower()
    if words in US_ZONES:
        return US_ZONES[words]
    if words.startswith("hawaii"):
        return US_ZONES["hst"]
    key = ("e" if words.startswith("eastern") else "p") + (
        "dt" if "daylight" in words else "st" if "standard" in words else "t"
    )
    return US_ZONES[key]


ZONE_BEFORE = re.compile(
    r"(?:(?P<kst>日本時間|韓国時間|現地時間|한국 ?시간|현지 ?시간|일본 ?시간)|(?P<utc>協定世界時|世界標準時|グリニッジ標準時|협정 ?세계시))"
    r"(?:の|으로|로)?\s*(?:\d{1,2} ?(?:日|일)\s*)?$"
)
#: In the clause of a clock time: the time is another moment's (a flight over Japan, a fall, a statement).
OTHER_MOMENT = _rx(
    r"\b(?:pass(?:ed|ing)? over|flew over|overflew|fell|landed|land|splash(?:ed)?(?: down)?|impact(?:ed)?|J-Alert|alert"
    r"|came down|crashed|broke (?:up|apart|into)"
    r"|announc\w*|statement|briefing|press conference|issued|evacuat\w*|said|told|order(?:ed|s)?)\b"
    r"|上空|通過|落下|着弾|発表|会見|報じ|報道|放送|Jアラート|警報|避難|命令|통과|낙하|탄착|발표|브리핑|보도|방송|주장|"
    r"경보|대피|명령|하달|정정|訂正|\bcorrect(?:ed|ion)\b"
)


#: After a clock time, the same moment in GMT in parentheses ("6:53 a.m. on Tuesday (2153 GMT Monday)"): the
#: clock time is another zone's, the one the difference gives.
IN_GMT_AFTER = re.compile(
    r"[^()\n.]{0,30}\(\s*(?P<h>\d{1,2}):?(?P<m>\d{2})(?:\s*(?:and|to|-|\u2013)\s*\d{1,2}:?\d{2})?\s*(?:GMT|UTC|Z)\b"
)


#: Seoul's or Tokyo's military or defence ministry as a sentence's source: the clock times it gives are UTC+9.
_KOREA_JAPAN_MILITARY = re.compile(
    r"\b(?:South Korea's (?:Joint Chiefs of Staff|military|Defen[cs]e Ministry)|(?:South Korea's |Seoul's )?Joint Chiefs"
    r" of Staff|JCS|Japan's (?:Defense|Defence) Ministry|Japanese (?:Defense|Defence) Ministry)\b",
    # (Some papers write titles in lower case: "South Korea's joint chiefs of staff said".)
    re.IGNORECASE,
)


def _zone_of(time_match: re.Match[str], raw: str) -> tzinfo | None:
    """The zone the text states for a clock time, if it states one."""
    before = ZONE_BEFORE.search(raw, max(0, time_match.start() - 16), time_match.start())
    if (after := ZONE_AFTER.match(raw, time_match.end())) or before:
        if after and after["us"]:
            return _us_zone(after["us"])
        return UTC if (after and after["utc"]) or (not after and before and before["utc"]) else KOREA
    if gmt := IN_GMT_AFTER.match(raw, time_match.end()):
        hour, minute, _, _ = _clock(time_match)
        minutes = (hour * 60 + minute - int(gmt["h"]) * 60 - int(gmt["m"])) % (24 * 60)
        offset = minutes - 24 * 60 if minutes > 14 * 60 else minutes  # zones run from UTC-12 to UTC+14
        return KOREA if offset == 9 * 60 else timezone(timedelta(minutes=offset))
    return None


#: Just before a day: the day is a statement's ("said Thursday it tested ... the previous day"; a reporter's topic:
#: "朝鮮中央通信は13日、…12日未明…発射したと報じた", "합참은 30일").
_STATEMENT_DAY = re.compile(
    r"\b(?:said|says|announced|reported|told|confirmed|stated|added|claimed)\s+(?:on\s+)?$"
    r"|(?:通信|新聞|省|庁|政府|長官|本部|メディア|통신|신문|부|청|정부|본부|합참|매체)(?:は|은|는)\s?$"
)
#: Just before a day: it is in parentheses with another zone's time ("07:39 Korean time (22:39 GMT on Thursday)",
#: "(7:01 p.m. and 7:16 p.m. EDT Thursday)").
_OTHER_ZONES_DAY = re.compile(rf"\([^()]{{0,40}}\b(?:{OTHER_ZONES})\b[^()]{{0,10}}$")
#: Just after a day in parentheses: the zone named after it ("(5:42 p.m. Tuesday, Eastern time)").
_OTHER_ZONE_AFTER_DAY = re.compile(
    rf"^[^()]{{0,20}}\b(?:{OTHER_ZONES}|Eastern|Pacific|Central|Washington|New York|London"
    r"|local time|(?:Korea|Korean|Seoul|Japan|Tokyo) time|KST|JST)"
    r"\b[^()]{0,15}\)"
)


def _event_day(
    reading: Reading, patterns: tuple[Pattern, ...], spans: list[tuple[int, int]], statements: bool = True
) -> re.Match[str] | None:
    """The first day named in the spans that is not a statement's, else the first (a dateline's never; a statement's
    only with `statements`: a disclosure's day is not its incident's)."""
    text = reading.text
    days = [
        m
        for m in every_match(patterns, text, spans)
        if not reading.in_dateline(m.start())
        and not _OTHER_ZONES_DAY.search(text.raw, max(0, m.start() - 60), m.start())
        and not (
            "(" in text.raw[max(0, m.start() - 30) : m.start()] and _OTHER_ZONE_AFTER_DAY.match(text.raw[m.end() :])
        )
    ]
    told = (
        m
        for m in days
        if not _STATEMENT_DAY.search(text.raw, max(0, m.start() - 20), m.start())
        and not _DISCLOSED_AFTER_DAY.match(text.raw, m.end())
    )
    return next(told, days[0] if days and statements else None)


#: Just after a day: the day something came to light ("…포착된 것으로 26일 확인됐다", "…ことが26日分かった"), not the
#: day it happened.
_DISCLOSED_AFTER_DAY = re.compile(r"\s?(?:확인됐|확인되었|알려졌|밝혀졌|드러났|分かった|わかった|判明)")


@dataclass(frozen=True)
class StoryEvent:
    """The story's own event as the reading found it: its type, the words, the sentence, who acts."""

    event_type: EventType
    trigger: re.Match[str] | None
    sentence: Sentence | None
    actor: str | None
    counterparty: str | None = None
    #: Why the reading rests on weak evidence (no actor named, the act named but not told), or None.
    unconfirmed: str | None = None
    #: The candidates that lost, each with why: what `analyze --explain` shows.
    passed_over: tuple[str, ...] = ()
    #: The span of the event's sentence its facts come from (its own clauses, or, for a late disclosure, with
    #: the date of the incident).
    span: tuple[int, int] | None = None


#: Frames that leave these acts standing: imagery shows ships meeting at sea, a designation cites a theft.
FRAMES_ALLOWED: dict[EventType, frozenset[str]] = {
    # Preparations of the programme's work (to reprocess plutonium) are its activity too.
    EventType.NUCLEAR_ACTIVITY: frozenset({"imagery", "council", "preparation"}),
    EventType.SANCTIONS_EVASION: frozenset({"imagery", "council", "notice"}),
    EventType.ARMS_TRANSFER: frozenset({"imagery", "council", "wreckage"}),
    EventType.TROOP_DEPLOYMENT: frozenset({"imagery", "parade", "council"}),
    EventType.TRILATERAL_ACTION: frozenset({"imagery", "notice", "council", "meeting"}),
}
#: Where arms go, or come from: "to Russia" and "North Korean-made" make the DPRK the supplier; "to North Korea"
#: makes Russia the supplier.
_DESTINATION = re.compile(
    r"(?P<russia>\bto (?:Russia|Moscow)\b|\bfor (?:Russia|Moscow)(?:'s)?\b"
    r"|\bNorth Korean (?:ballistic )?missiles?\b[^.]{0,20}\b(?:at|against|on|into) (?:Ukrain|Kyiv|Kharkiv)"
    r"|\bfrom (?:North Korea|Pyongyang)\b|\bto Russia's\b|\bfor Wagner\b|ロシアに|ロシアへ|러시아에|러시아로|"
    + _DPRK_MADE_ARMS
    + "|"
    + _FROM_DPRK
    + ")"
    # (Not 북한에서, "from North Korea".)
    r"|(?P<dprk>\bto (?:North Korea|Pyongyang|the North)\b|北朝鮮に|北朝鮮へ|북한에(?!서)|北에(?!서)|북한으로"
    # (The DPRK as what is handed goes to: "hand North Korea MiG-29 jets".)
    r"|\b(?:hand(?:ed|ing|s)?|giv(?:e|es|en|ing)|gave) (?:North Korea|Pyongyang)\b"
    # (A gift from Russia's side goes to the DPRK: "gifts from Russian officials that included two drones".)
    r"|\bgifts?\b[^.]{0,20}\bfrom (?:Russia|Russian|Moscow|Putin|the Kremlin)"
    r"|\bRussia(?:n|'s)? (?:help|assist\w*|aid|support|technical|technolog\w*)|ロシアの(?:技術)?(?:支援|協力|援助)"
    r"|러시아의? (?:기술 ?)?(?:지원|도움|협력))",
    re.IGNORECASE,
)
#: Arms whose origin is the DPRK: made or produced there, supplied from it.
_DPRK_ORIGIN = re.compile(_DPRK_MADE_ARMS + "|" + _FROM_DPRK, re.IGNORECASE)
#: A sentence naming what the launch may have been ("の可能性がある", "일 가능성", "believed to be").
_MAY_BE_IT = re.compile(
    r"可能性|とみられ|と推定|가능성|추정|\b(?:possibl[ey]|likely|believed to be|appear(?:s|ed)? to (?:be|have been))\b",
    re.IGNORECASE,
)
#: A guess at what it was, in a sentence of the body.
_SPECULATED = re.compile(
    r"\b(?:could|can) ?not be ruled out\b|\b(?:could|might|may) have been\b|\bpossibly\b|\bperhaps\b"
    # The possibility kept open ("가능성도 열어두고", "可能性も視野に", "left open the possibility").
    r"|\b(?:leav\w*|left|keep\w*|kept) open the possibility\b"
    r"|可能性も(?:ある|否定できない|視野に)|排除できない|가능성도? (?:있|배제|열어 ?두)",
    re.IGNORECASE,
)
#: Before a class in a sentence of the body: what something could become or carry one day ("analysts said the engine
#: could eventually power an intercontinental ballistic missile"), not what was fired.
_GUESSED_BEFORE = re.compile(
    r"\b(?:could|might|may|would)\s+(?:\w+\s+){0,2}?(?:power|carry|propel|become|lead to|be used (?:for|in|on))"
    r"\s+(?:an?\s+|the\s+|its\s+)?(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)
#: A joint act that did not take place: proposed and dropped, cancelled, not held ("훈련 무산", "演習を中止").
_CALLED_OFF = re.compile(
    r"\b(?:called off|cancell?ed|scrapped|shelved|fell through|(?:was|were) not held|did not take place|never took"
    r" place)\b|무산|취소(?:됐|된|했|한)|열리지 않|실시되지 않|中止|取りやめ|見送られ|見送った|実施されなかった|行われなかった",
    re.IGNORECASE,
)
#: Weapons handed to the DPRK's own forces ("launchers handed over to frontline units", "前線の部隊に引き渡す"):
#: the state arming itself, no transfer between states.
_OWN_FORCES = re.compile(
    r"\bto (?:its |the )?(?:own )?(?:frontline |front-line |front |border )?(?:military |army )?units\b"
    r"|\bto (?:the )?(?:frontline|front-line) (?:troops|forces|units|divisions)\b"
    r"|(?:前線|前方|国境)の?(?:軍)?部隊に|軍部隊に|(?:전방|일선|최전방|전선) ?(?:군)?부대(?:들)?에",
    re.IGNORECASE,
)
#: Words of a sentence about what may come: an act it only names is not one told.
_MAYBE = re.compile(
    # (Not a hedged present: "may be reprocessing spent fuel" tells what is likely going on.)
    # (The window of a check may end at the act's word: "may be " then its end.)
    # (Nor a hedged past: "may have finished reprocessing" tells what has likely been done.)
    r"\b(?:would|will|may|might|could)\b(?! be \w+ing\b| be $| have (?:been |already )?(?:\w+(?:ed|en)\b|$))"
    r"|\b(?:consider\w*|threat\w*|hint\w*|signal\w*|moratorium|vow\w*|plans? to|intend\w*)\b"
    # What a state is able to do ("has the ability to mount a nuclear weapon on its KN-08 ICBM").
    r"|\b(?:ability|capability|capacity) to\b|\bcapable of\b"
    r"|추진하기로|추진키로|하기로|할 계획|할 방침|予定|方針|計画",
    re.IGNORECASE,
)
#: Just before an English act verb: a clause that says which thing is meant (a relative clause), not what happened.
_RELATIVE_BEFORE = re.compile(
    r"\b(?:who|that|which)\s+(?:had\s+|have\s+|has\s+|were\s+|was\s+)?(?:\w+ly\s+)?$"
    r"|\b(?:troops|soldiers|forces|missiles|shells|munitions|weapons|arms|workers|rockets)\s+(?:that\s+|which\s+)?"
    r"(?:North Korea|Pyongyang|the North|Russia|Moscow|Kim(?: Jong[- ]Un)?)\s+(?:has\s+|had\s+)?$",
    re.IGNORECASE,
)
#: Just before an event's words with no act: a supposition ("any dispatch of its", "만약", "仮に").
_SUPPOSED_BEFORE = re.compile(r"\bany (?:[\w'-]+ ){0,3}$|만약|만일|仮に|もし", re.IGNORECASE)
#: Just after them: a condition on them ("troops to Russia, if it happened,").
_SUPPOSED_AFTER = re.compile(
    r"[^.,;]{0,30}?,? if (?:it|they|this|that|so|true|confirmed|such)\b|[^。、]{0,20}?(?:とすれば|が事実なら|と仮定)"
    # ("152ミリ砲弾なら100万発以上に相当": counted as if they were shells.)
    r"|.{0,2}?なら(?:ば)?(?![ずなびく])|[^.,]{0,20}?(?:라고 가정하면|로 가정하면|이라면)"
    r"|[^.,]{0,20}?(?:이 사실이라면|했다면|한다면)",
    re.IGNORECASE,
)
#: After an act: what a protest or a condemnation answers.
_PROTESTED_AFTER = re.compile(
    r"(?:し|され)?たこと(?:に|へ|を)(?:抗議|非難|対し)|한 (?:것을|데 대해|것에) ?(?:규탄|항의|비난)"
    # The act's object condemned ("発射したICBMを強く非難する共同声明", "발사한 ICBM을 강력히 규탄").
    r"|(?:し|され)?た[^。、]{0,30}?を(?:強く|厳しく)?(?:抗議|非難|糾弾)|한 [^.,]{0,30}?(?:을|"
    r"를) ?(?:강력히 ?)?(?:규탄|비난)"
)
#: After an act: the doer it qualifies is what a measure targets ("核実験を強行した北朝鮮に対する制裁決議",
#: "핵실험을 강행한 북한에 대한 제재"): the act says whom the measure is for, a matter known already.
_TARGET_QUALIFIED_AFTER = re.compile(
    r"(?:し|され)?た(?:北朝鮮|北)(?:に対する|に対して|に対し|への)|한 (?:북한|북)(?:에 대한|에 대해|을 겨냥한)"
)
#: Before an act's words in Japanese or Korean: what it goes on after ("회담 후에도", "会談後も").
_LEADING_CONTEXT = re.compile(r"(?:후|뒤|이후)에도|(?:後|以降)も")
#: After an act's words: the first of its kind since it ("4차 핵실험 … 이후 처음 열리는 연합연습", "核実験以来初めて"):
#: the act is the measure's reference, known already.
_SINCE_AFTER = re.compile(r"[^.。,、]{0,20}?(?:(?:이후|이래) ?(?:처음|첫)|以来初|以降初)")
#: The DPRK's own soldiers, named as such.
_DPRK_TROOPS = re.compile(
    r"\bNorth Korean " + _DPRK_FORCES + r"\b"
    r"|\bPyongyang's (?:troops|soldiers)\b|北朝鮮兵|北朝鮮軍|北朝鮮の(?:兵士|兵|部隊|軍人)|북한군|북한 ?(?:병사|병력|장병)",
    re.IGNORECASE,
)
#: Acts others disclose and attribute to the DPRK: its own when their sentence names the DPRK.
ATTRIBUTED = frozenset({EventType.CYBER_INCIDENT, EventType.SANCTIONS_EVASION})
#: Pairs of parties: the DPRK and Russia, whoever of the two acts.
PAIRED_TYPES = frozenset({EventType.ARMS_TRANSFER, EventType.TROOP_DEPLOYMENT})


def _where(reading: Reading, match: re.Match[str]) -> str:
    return f"{reading.describe(match.start())} ('{match.group()}')"


#: The Security Council itself condemning or voting (not a statement citing its resolutions).
_COUNCIL_REACTS = re.compile(
    r"\b(?:Security )?Council\b[^.]{0,40}\b(?:condemn\w*|voted|adopted|denounc\w*)"
    r"|(?:安保理|安全保障理事会)[^。]{0,50}(?:非難|採択)|(?:안보리|안전보장이사회)[^.]{0,50}(?:규탄|채택)"
)


def _reacts_to_now(
    reading: Reading, sentence: Sentence, span: tuple[int, int], event_type: EventType, acts: list[re.Match[str]]
) -> bool:
    """Whether a sentence (its span, whose act verbs are `acts`) condemns an act of the story's own time ("condemns
    the DPRK's launch today"): a launch or a test of the day; a deployment or a transfer condemned is a situation,
    not a new incident told."""
    # Not a protest whose object is an act told with its own day ("5日…4日に…発射したことに抗議する決議"); not the
    # Security Council's, which meets days after an act.
    protested = any(_PROTESTED_AFTER.match(reading.text.raw, verb.end()) for verb in acts)
    if _COUNCIL_REACTS.search(reading.text.raw, *span):
        return False
    return (
        event_type in DATED_TYPES
        and REACTION.search(reading.text, *span) is not None
        and reading.anchored(sentence)
        and not protested
    )


#: After an act named in Japanese or Korean: the story is about it (を巡り, について, 에 대해, 관련해; the press's
#: "…した問題で" and "…을 두고": "over the matter of", "regarding").
_ABOUT_AFTER = re.compile(
    r"を巡り|をめぐり|をめぐって|について|に関し|した問題で|에 대해|에 관해|(?:와|과|을|를) 둘러싸고|과 관련해|와 관련해"
    r"|(?<=[가-힣'\u2019\)])(?:을|를) 두고"
)
#: Just before a missile's words: made in the DPRK ("북한제", "北朝鮮製の", "North Korean-made").
_DPRK_MADE_BEFORE = re.compile(rf"(?:{_DPRK_MADE_PREFIX}|\bNorth Korea-made)の?\s?(?:[\w-]+\s){{0,2}}$", re.IGNORECASE)
#: Just after an act's words: the occasion of another matter ("発射した際", "発射されたときに", "쐈을 때").
_OCCASION_AFTER = re.compile(r"[^。、.,]{0,12}?(?:(?:した|された)(?:際|とき|時)|(?:했을|됐을|쐈을|쏘았을) 때)")
#: Just after an event's words, or before them: what an act is done for, still to come ("核実験に向けて",
#: "핵실험을 앞두고", "in preparation for a nuclear test").
_AHEAD_AFTER = re.compile(r"に向け|へ向け|を控え|の準備|(?:을|를) ?앞두고|(?:을|를) 위한 ?준비|준비")
_AHEAD_BEFORE = re.compile(
    r"\b(?:ahead of|in preparation for|preparations? for|preparing for|prepare for|in the run-up to|paving the way"
    r" for|ready for|ready to (?:conduct|carry out|stage|hold))\s+(?:an? |the |its |a possible |another )?(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)
#: After troops' or arms' words (Japanese, Korean), or before them (English): what another act pays for.
_PAID_FOR_AFTER = re.compile(r"(?:への|に対する|の)?(?:見返り|対価|代償)|(?:에 대한|의)? ?(?:대가|보상|반대급부)")
_PAID_FOR_BEFORE = re.compile(
    r"\b(?:in (?:return|exchange|payment) for|as (?:payment|a reward|compensation) for|to pay for)\s+(?:[\w'-]+\s+){0,4}$",
    re.IGNORECASE,
)
#: Before programme work's words (English), or after them (Japanese, Korean): it is stopped or undone.
_STOPPED_BEFORE = re.compile(
    r"\b(?:halt\w*|stop(?:s|ped|ping)?|shut(?:s|ting)? down|shutdown of|disabl\w*|dismantl\w*|demoli\w*"
    r"|bl[eo]w(?:s|ing)? up|destroy\w*|freez\w*|froze(?:n)?|abandon\w*)\b[^.]{0,50}$",
    re.IGNORECASE,
)
_STOPPED_AFTER = re.compile(
    r"[^。.]{0,20}?(?:停止|閉鎖|無能力化|解体|爆破|凍結|가동 ?중단|중단|폐쇄|불능화|해체|폭파|동결)"
    # (Not a stop denied: "停止の兆候なし", "止まった兆候は見られない", "중단 징후는 없다".)
    r"(?!(?:した|の|된|한)? ?(?:兆候|징후)(?:は|が|는|가)? ?(?:なし|ない|見られない|없))"
)
#: Before a missile's word: it is a drill's target, not a launch ("a simulated North Korean ballistic missile").
_SIMULATED_BEFORE = re.compile(
    r"\b(?:simulated|virtual|mock|notional|computer-generated|hypothetical)\b[^.,]{0,25}$|(?:模擬|仮想)[^。、]{0,10}$"
    r"|가상(?:의)? ?[^.,]{0,10}$",
    re.IGNORECASE,
)
#: After a launch's words: a strike on Ukraine ("missiles fired at Kharkiv", "ウクライナに向けて"): Russia's, whatever
#: missiles it used (North Korean ones are an arms transfer), never a launch of the DPRK's.
_AT_UKRAINE_AFTER = re.compile(
    r"[^.;]{0,40}?\b(?:at|on|against|into|toward|towards|over)\s+(?:the\s+)?(?:(?:eastern|western|southern|"
    r"northern|central)\s+)?(?:Ukrain\w*|Kyiv|Kharkiv|Zaporizhzhia|Odesa|Odessa|Dnipro|Lviv|Sumy|Kherson|Mykolaiv"
    r"|Poltava|Chernihiv|Kryvyi Rih|Ternopil|Izium)\b"
    r"|[^。、]{0,20}(?:ウクライナ|キーウ|ハルキウ|ザポリージャ)(?:に|へ|を|の(?:都市|各地))"
    r"|[^.]{0,20}(?:우크라이나|키이우|하르키우|자포리자)(?:에|로|를|을|의 (?:도시|각지))",
    re.IGNORECASE,
)
#: After an act named: a statement about it follows ("…와 관련한 공동성명", "…に関する共同声明").
_STATEMENT_ABOUT_AFTER = re.compile(
    r"[^.。\n]{0,25}?(?:(?:와|과|에) ?관련(?:한|된)|에 (?:대한|관한)|に関する|をめぐる|を巡る|について(?:の)?)\s?"
    r"(?:공동 ?|共同)?(?:성명|声明|담화|談話|statement)"
)
#: Sanctions imposed on named ships, firms or people (not sanctions evaded: "제재를 피해").
_DESIGNATION = _rx(
    r"\bdesignat(?:ed|es|ing)\b|\bblacklist\w*|\b(?:imposed|imposes|slapped)\b[^.]{0,25}\bsanctions\b"
    r"|\bbanned from (?:entering )?(?:its |South Korean |Japanese )?ports\b"
    # (Not a ship "制裁対象となっている", "제재 대상인": one designated before, named by it.)
    r"|制裁指定|制裁を(?:科|発動)|資産凍結|入港禁止|指定した|지정했|지정한|지정하|입항 ?금지|독자 ?제재"
    r"|제재를 (?:부과|가하)"
)
#: Beside missile words: what carries a warhead ("small enough to be mounted on ballistic missiles", "fitting
#: warheads to ballistic missiles", "弾道ミサイルに搭載", "탄도미사일에 탑재"), not a launch.
_CARRIER_AFTER = re.compile(r"[^。、.,]{0,4}?(?:に|へ)(?:搭載|装着)|[^.,]{0,4}?에 ?(?:탑재|장착)")
_CARRIER_BEFORE = re.compile(
    r"\b(?:mount|fit|load|install|plac|put|tip)\w*\s+(?:[\w-]+\s+){0,2}?(?:on(?:to)?|to|atop)\s+(?:[\w'-]+\s+){0,3}$",
    re.IGNORECASE,
)
#: After or before a launch's words named without a verb: what a measure counters ("弾道ミサイルへの対処", "미사일
#: 위협에 대비", "defence against ... missiles").
_COUNTERED_AFTER = re.compile(
    r"[^。、.,]{0,8}?(?:への(?:対処|対応|備え|防衛)|に対処|に備え|の脅威|対策|防衛(?:網|体制|能力)|迎撃"
    r"|(?:에 대한 )?(?:대비|위협|방어|요격)|\s+(?:threats?|defen[cs]es?|interceptors?)\b)"
)
_COUNTERED_BEFORE = re.compile(
    r"\b(?:threats?|defen[cs]es?|protection|shield|intercept(?:ion|ors?|ing)?|counter(?:ing|measures?)?|deter(?:ring|rence)?)"
    r"\s+(?:(?:posed\s+)?(?:of|from|by|against|to))\s+(?:[\w'-]+\s+){0,4}$",
    re.IGNORECASE,
)
#: After a missile's word: it is the means of something ("巡航ミサイルなどで", "미사일 등으로", "with cruise missiles").
_MEANS_AFTER = re.compile(r"(?:など|等)?で(?![はも])|(?: ?등)?(?:으로|로)(?! ?(?:추정|보이|판단|분석|확인))")
#: Arms moved within the country ("has moved a missile ... to its east coast", "to a launch site"): no transfer.
_MOVED_INSIDE = re.compile(
    r"\bmov(?:ed|es|ing)\b[^.;]{0,80}\bto (?:its|the|North Korea's|the North's) (?:east(?:ern)?|west(?:ern)?"
    r"|north(?:ern)?|south(?:ern)?) coast\b|\bmov(?:ed|es|ing)\b[^.;]{0,80}\bto (?:an?|its|the) (?:launch|test)"
    r"(?:ing)? (?:site|pad|area)s?\b",
    re.IGNORECASE,
)
#: Just after artillery's words: the force, not its fire ("포병 전력", "砲兵部隊", "artillery units").
_ARTILLERY_FORCE_AFTER = re.compile(
    r"\s?(?:전력|부대|진지|병력|の?(?:部隊|戦力|陣地))|\s(?:units?|forces|troops|positions|batteries|pieces|strength)\b",
    re.IGNORECASE,
)
#: Just after a missile's words: parts or goods of it ("탄도미사일 부품", "ミサイルの部品", "missile components").
_PARTS_AFTER = re.compile(
    r"\s?(?:の|용 ?)?(?:関連)?(?:部品|物資|資材)|\s?(?:관련 ?)?(?:부품|물자|자재)"
    r"|\s(?:parts|components|materials|technology)\b",
    re.IGNORECASE,
)
#: Just after programme work's or a missile's words: what goods could be turned to ("ウラン濃縮やミサイル開発に
#: 転用できる資材", "탄도미사일 노즐을 만드는 데 쓰인다").
_USABLE_FOR_AFTER = re.compile(
    r"[^。、.]{0,14}?(?:に転用|への転用|に使用(?:でき|可能|され)|に使われ|に用いられ|에 전용|에 쓰일|에 쓰이|데 쓰[이인]|에 사용될)"
)
#: Before a launch's words: the parts or output made for such missiles ("engines and warhead tips for
#: intercontinental ballistic missiles", "the production of missiles"), whatever verb tells the parts' fate.
_MADE_FOR_BEFORE = re.compile(
    r"\b(?:engines?|motors?|warheads?|tips|nozzles?|components?|parts|materials?|fuel|launchers?|production"
    r"(?: lines?)?|mass[- ]produc\w*|manufactur\w*|output)\b[^.;]{0,60}\b(?:for|of)\s+(?:[\w-]+\s+){0,3}$"
    # What a capability builds ("has acquired the technology to build a ballistic missile capable of ...").
    r"|\b(?:technology|technologies|ability|capability|capabilities|know-how|capacity) to (?:build|make|produce"
    r"|develop|field|mass-produce|manufacture)\s+(?:[\w-]+\s+){0,3}$"
    # ... or missiles told as being built ("North Korea is building new intercontinental ballistic missiles").
    r"|\b(?:building|builds|producing|produces|manufacturing|manufactures|assembling|assembles)\s+(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)
#: Just before an English act verb: a non-restrictive clause on its doer in the perfect ("…threats from North Korea,
#: which has fired a barrage of rockets this summer"): what the doer is known for, not the story's act.
_ASIDE_BEFORE = re.compile(r",\s*(?:which|who)\s+(?:has|have|had)\s+(?:(?:already|also|repeatedly|recently)\s+)?$")
#: In a sentence naming acts with no verb of them: what they were, told anew ("were in fact tests of a new ICBM").
_REASSESSED = re.compile(r"\b(?:was|were)\s+(?:in fact|actually)\b", re.IGNORECASE)
#: Just before an English act verb: its subject is several acts told together ("North Korea's 'satellite' launches
#: tested a new ICBM"): what known acts were, not a new one.
_ACTS_AS_SUBJECT_BEFORE = re.compile(
    r"'s\s+(?:[\w'\u2018\u2019-]+\s+){0,3}(?:launches|tests|firings)\s+(?:(?:were|had)\s+)?$", re.IGNORECASE
)
#: The DPRK as the other side of a trade named in an event's words ("diesel transfers to the sanctioned state").
_WITH_THE_DPRK = re.compile(rf"\b(?:to|from) {_DPRK_IN_TRADE}\b")
#: After an act verb in Japanese or Korean: what follows gives it as the grounds of a measure ("稼いでいるとして",
#: "번다며", "혐의로").
_GROUNDS_AFTER = re.compile(r"[^。.]{0,80}?(?:として|とし、|(?:다|라)며|다는 이유로|혐의로)")
#: Just before an act's words: acts of some time, already known ("its recent run of ballistic missile launches").
_KNOWN_RUN_BEFORE = re.compile(
    r"\b(?:recent|(?:run|string|spate|series|flurry|streak|succession) of)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE
)
#: Before an act named: the statement it is the subject of ("a joint statement on North Korea's ...").
_STATEMENT_ON_BEFORE = re.compile(r"\bstatements? (?:on|about|over|regarding)\b[^.]{0,30}$", re.IGNORECASE)


#: Why an act told as a plan, a notice, a denial or a delay is passed over.
NOT_DONE = "not done, or not yet"
#: Why an act named with no verb of it is taken, unconfirmed.
NAMED_NOT_TOLD = "the act is named, not told (no verb of it)"


def _beside(
    raw: str, trigger: re.Match[str], sentence: Sentence, after: re.Pattern[str], before: re.Pattern[str], reach: int
) -> re.Match[str] | None:
    """Words that frame an event's words: ``after`` just after them, or ``before`` ending where they start, at most
    ``reach`` characters back (Japanese and Korean put such words after the event's, English before), within the
    sentence."""
    return after.match(raw, trigger.end(), sentence.end) or before.search(
        raw, max(sentence.start, trigger.start() - reach), trigger.start()
    )


def _judge(
    reading: Reading, sentence: Sentence, span: tuple[int, int], event_type: EventType, trigger: re.Match[str]
) -> StoryEvent | str:
    """The story's event if the sentence (its span) tells it as a new act of the right party, else why not."""
    where = _where(reading, trigger)
    if event_type == EventType.OTHER:
        return StoryEvent(event_type, trigger, sentence, None, span=span)
    if CAUSE_AFTER.match(reading.text.raw[trigger.end() : trigger.end() + 40]):
        return f"{event_type.value} in {where} passed over: named as what the sentence answers"
    raw = reading.text.raw
    if event_type in DATED_TYPES and _SIMULATED_BEFORE.search(raw, max(0, trigger.start() - 30), trigger.start()):
        return f"{event_type.value} in {where} passed over: a simulated one, in a drill"
    missiles = (EventType.BALLISTIC_MISSILE_LAUNCH, EventType.CRUISE_MISSILE_LAUNCH)
    if event_type in missiles and _AT_UKRAINE_AFTER.match(raw, trigger.end(), sentence.end):
        return f"{event_type.value} in {where} passed over: a strike on Ukraine, not the DPRK's launch"
    # The act of two or more days before, named as what the story is about ("18日朝に発射したICBM「火星18」を巡り、
    # …分析が続いている" on the 20th): an analysis or a follow-up, not news of the act.
    if (
        event_type in DATED_TYPES
        and (about := _ABOUT_AFTER.search(raw, trigger.end(), min(sentence.end, trigger.end() + 40)))
        and (ago := reading.days_ago(sentence.start, about.start())) is not None
        and ago >= 2
    ):
        return f"{event_type.value} in {where} passed over: what the story is about ('{about.group()}'), {ago} days old"
    # A missile named as made in the DPRK ("러시아가 우크라이나 공격에 쓰고 있는 북한제 탄도미사일", "North Korean-made
    # ballistic missiles"): arms in another state's hands, not a launch of the DPRK's.
    if event_type in (EventType.BALLISTIC_MISSILE_LAUNCH, EventType.CRUISE_MISSILE_LAUNCH) and (
        m := _DPRK_MADE_BEFORE.search(raw, max(sentence.start, trigger.start() - 30), trigger.start())
    ):
        return f"{event_type.value} in {where} passed over: named as made in the DPRK ('{m.group().strip()}'), arms"
    # The occasion of another matter, a day or more old ("北朝鮮が4日に…弾道ミサイルを発射した際、Jアラートが…誤って
    # 発信された問題で", "북한이 미사일을 쐈을 때"): the matter is the news, the act known already.
    if (
        event_type in DATED_TYPES
        and (occasion := _OCCASION_AFTER.match(raw, trigger.end(), sentence.end))
        and (ago := reading.days_ago(sentence.start, occasion.end())) is not None
        and ago >= 1
    ):
        return f"{event_type.value} in {where} passed over: the occasion of another matter ('{occasion.group()}'), {ago} days old"
    # Named as what an act prepares ("7回目の核実験に向けて", "핵실험을 앞두고", "ahead of a seventh nuclear test"):
    # still to come, whatever the sentence tells was done for it.
    if event_type in DATED_TYPES and (m := _beside(raw, trigger, sentence, _AHEAD_AFTER, _AHEAD_BEFORE, 50)):
        return f"{event_type.value} in {where} passed over: named as what an act prepares ('{m.group().strip()}')"
    # Artillery named as a force, not as fire ("전방 포병 전력을 두 배로 늘린", "artillery units moved forward").
    if event_type == EventType.ARTILLERY_FIRE and (m := _ARTILLERY_FORCE_AFTER.match(raw, trigger.end(), sentence.end)):
        return f"{event_type.value} in {where} passed over: named as a force, not as fire ('{m.group().strip()}')"
    # Named as what parts are of ("탄도미사일 부품", "ミサイル関連物資", "ballistic missile components"), or as what
    # goods could be turned to ("ウラン濃縮やミサイル開発に転用できる資材"): goods, no launch or programme work.
    if (event_type in DATED_TYPES and (m := _PARTS_AFTER.match(raw, trigger.end(), sentence.end))) or (
        event_type in DATED_TYPES | {EventType.NUCLEAR_ACTIVITY}
        and (m := _USABLE_FOR_AFTER.match(raw, trigger.end(), sentence.end))
    ):
        return f"{event_type.value} in {where} passed over: named as what goods are of or for ('{m.group().strip()}')"
    # Named as what parts are made for ("mass production of solid-fuel engines and warhead tips for ICBMs", "Kim
    # oversees test of more powerful solid-fuel engine for ICBMs"): production or a ground test, not a launch,
    # whatever the sentence tells was done to the parts.
    if event_type in DATED_TYPES and (
        m := _MADE_FOR_BEFORE.search(raw, max(sentence.start, trigger.start() - 80), trigger.start())
    ):
        return f"{event_type.value} in {where} passed over: named as what is made for it ('{m.group().strip()}')"
    # Troops or arms named as what another act pays for ("派兵の見返り", "파병 대가로", "in return for its troops"):
    # that act is the news, this one known already.
    if event_type in PAIRED_TYPES and (m := _beside(raw, trigger, sentence, _PAID_FOR_AFTER, _PAID_FOR_BEFORE, 40)):
        return f"{event_type.value} in {where} passed over: named as what another act pays for ('{m.group().strip()}')"
    # Programme work named as what is stopped or undone ("toward halting Pyongyang's production of plutonium",
    # "原子炉の稼働を停止", "냉각탑 폭파"): a step away from it, no activity.
    if event_type == EventType.NUCLEAR_ACTIVITY and (
        m := _beside(raw, trigger, sentence, _STOPPED_AFTER, _STOPPED_BEFORE, 50)
    ):
        return f"{event_type.value} in {where} passed over: named as stopped or undone ('{m.group().strip()}')"
    frame = reading.frame_of(span)
    if frame and (tail := TRAILING_CONTEXT.search(reading.text.raw, trigger.end(), span[1])):
        # "... held an anti-submarine drill on Friday, as North Korea is suspected of preparing a test": the frame
        # of a clause after the act, begun by "as" or "while", is that clause's, not the act's.
        frame = reading.frame_of((span[0], tail.start()))
    if frame and (lead := _LEADING_CONTEXT.search(reading.text.raw, span[0], trigger.start())):
        # "싱가포르 회담 후에도 … 공사를 진행", "会談後も…": a meeting the act goes on after is the time's, not the act's
        # frame.
        frame = reading.frame_of((lead.end(), span[1]))
    moods = reading.moods(*span)
    acts = [verb for verb, mood in moods if mood == Mood.ACT]
    # Acts told as known ones: in an aside on their doer, or as the subject of what they were.
    known = [
        verb
        for verb in acts
        if _ASIDE_BEFORE.search(raw, max(sentence.start, verb.start() - 40), verb.start())
        or _ACTS_AS_SUBJECT_BEFORE.search(raw, max(sentence.start, verb.start() - 60), verb.start())
    ]
    if event_type in DATED_TYPES and known and len(known) == len(acts):
        return f"{event_type.value} in {where} passed over: its acts told as known ones ('{known[0].group()}')"
    acts = [verb for verb in acts if verb not in known]
    if event_type in DATED_TYPES and (m := _SINCE_AFTER.match(raw, trigger.end(), sentence.end)):
        return f"{event_type.value} in {where} passed over: named as what a first since counts from ('{m.group()}')"
    # The doer of the sentence's acts ("우리 군이 ... 쏜 현무-2" after "북한의 IRBM 도발에 대응해" is the ROK's),
    # else of the event's words.
    actor = reading.actor_of_acts(sentence, acts) if acts else reading.actor_of(trigger, sentence)
    own_actor = actor
    if actor is None:
        actor = reading.story_actor(sentence)
    # A bare verbal noun (a headline's 発射, 발사) tells too little to override a designation or a meeting.
    told = [
        verb
        for verb in acts
        if (verb.group() not in VERBAL_NOUNS or reading.conjugated(verb))
        # An act told as what a protest answers ("発射したことに抗議する決議") is the protest's object.
        and not _PROTESTED_AFTER.match(reading.text.raw, verb.end())
        and not _TARGET_QUALIFIED_AFTER.match(reading.text.raw, verb.end())
        # An act given as the grounds of sanctions the sentence imposes ("…外貨を稼いでいるとして、…を制裁対象に
        # 指定した"): the designation is the news.
        and not (
            (grounds := _GROUNDS_AFTER.match(reading.text.raw, verb.end(), sentence.end))
            and _DESIGNATION.search(reading.text, grounds.end(), sentence.end)
        )
        # An act that only says which troops or ship is meant ("generals who accompanied the troops Pyongyang
        # sent to Russia", "a ship that carried munitions") is known already: the sentence tells something else.
        and not _RELATIVE_BEFORE.search(reading.text.raw, max(sentence.start, verb.start() - 60), verb.start())
    ]
    if (
        frame
        and frame[0] not in FRAMES_ALLOWED.get(event_type, frozenset())
        and (
            frame[0] not in SOFT_FRAMES
            or not ((told and actor == "DPRK") or _reacts_to_now(reading, sentence, span, event_type, acts))
        )
    ):
        return f"{event_type.value} in {where} passed over: told in a {frame[0]} frame ('{frame[1]}')"
    if event_type in DATED_TYPES and acts and all(verb.group().lower() in NOT_FIRING for verb in acts):
        return f"{event_type.value} in {where} passed over: told as another act ('{acts[0].group()}'), not a firing"
    unconfirmed = None
    if not acts:
        if any(mood == Mood.UNREAL for _, mood in moods):
            return f"{event_type.value} in {where} passed over: {NOT_DONE}"
        # A late disclosure's own date some days old ("6月21日から22日にかけ…接舷しているのを見つけた") is its time.
        disclosed_date = event_type in LATE_DISCLOSED and any(c.dated for c in sentence.clauses)
        # A disclosure's lede is the news of the day even when it names no day ("state media has shown Kim
        # inspecting ... a nuclear warhead", "says it hired ... a North Korean operative").
        disclosed_now = event_type in LATE_DISCLOSED and sentence.role == Role.LEDE
        if not reading.anchored(sentence) and not disclosed_date and not disclosed_now:
            return f"{event_type.value} in {where} passed over: named, not told as an act of the story's time"
        # Named in a sentence of what may come ("may end its moratorium on nuclear tests", "설치를 추진하기로"): the
        # words before the act's in English, after them in Japanese and Korean.
        before = trigger.group().isascii()
        window = (sentence.start, trigger.start()) if before else (trigger.end(), sentence.end)
        if (m := _MAYBE.search(reading.text.raw, *window)) and not reading.in_dateline(m.start()):
            return f"{event_type.value} in {where} passed over: named as what may come ('{m.group()}')"
        # Named as what may or may not be: "any dispatch of its troops to Russia, if it happened, would be ...".
        if (m := _SUPPOSED_BEFORE.search(reading.text.raw, sentence.start, trigger.start())) or (
            m := _SUPPOSED_AFTER.match(reading.text.raw, trigger.end())
        ):
            return f"{event_type.value} in {where} passed over: named as what may be ('{m.group().strip(' ,')}')"
        # An act named only as what others condemn, told with a day before the story's ("G7 ministers on Sunday
        # condemned North Korea's ICBM launch on Friday"), is the reaction's object, not news of the act.
        # An arms transfer, a hack or an evasion named as what others condemn is the reaction's object whenever it
        # was (those are known matters by the time states condemn them).
        if (reaction := REACTION.search(reading.text, sentence.start, trigger.start())) and (
            event_type not in DATED_TYPES
            # (Known acts, several: "condemned North Korea's recent run of ballistic missile launches".)
            or _KNOWN_RUN_BEFORE.search(raw, max(sentence.start, trigger.start() - 40), trigger.start())
            # (A day behind Korea's calendar is Washington's today: "condemns the launch on November 18".)
            or ((ago := reading.days_ago(trigger.end(), min(sentence.end, trigger.end() + 30))) is not None and ago > 1)
        ):
            return f"{event_type.value} in {where} passed over: named as what a reaction answers ('{reaction.group()}')"
        # Named as what a statement is about ("IT 인력의 불법 외화벌이와 관련한 공동성명", "a joint statement on
        # North Korea's arms transfers"): the statement is the news.
        raw = reading.text.raw
        if _STATEMENT_ABOUT_AFTER.match(raw, trigger.end()) or _STATEMENT_ON_BEFORE.search(
            raw, max(sentence.start, trigger.start() - 40), trigger.start()
        ):
            return f"{event_type.value} in {where} passed over: named as what a statement is about"
        # Named, with no act, in a sentence that imposes sanctions ("…에 쓰인 선박 4척을 입항금지 대상으로
        # 지정했다"), whatever frame it names first (a council's resolution): the designation is the news.
        if (m := _DESIGNATION.search(reading.text, sentence.start, sentence.end)) is not None:
            return f"{event_type.value} in {where} passed over: named in a designation ('{m.group()}')"
        # Named as the threat a measure answers ("北朝鮮の弾道ミサイルへの対処能力", "defences against North Korea's
        # missiles"): the measure is the news, no launch.
        if event_type in DATED_TYPES and (
            m := _beside(raw, trigger, sentence, _COUNTERED_AFTER, _COUNTERED_BEFORE, 60)
        ):
            return f"{event_type.value} in {where} passed over: named as the threat a measure answers ('{m.group()}')"
        if event_type in DATED_TYPES and (m := _REASSESSED.search(raw, sentence.start, sentence.end)):
            # Named in a sentence telling what known acts were ("two launches ... were in fact tests of an ICBM").
            return f"{event_type.value} in {where} passed over: named as what known acts were ('{m.group()}')"
        if event_type in DATED_TYPES and (m := _beside(raw, trigger, sentence, _CARRIER_AFTER, _CARRIER_BEFORE, 60)):
            return f"{event_type.value} in {where} passed over: named as what carries a warhead ('{m.group().strip()}')"
        # An act named without a verb stands only in the lede, with its actor, in a story told in no frame.
        if sentence.role == Role.TITLE:
            return f"{event_type.value} in {where} passed over: named in the title, not told in the lede"
        if actor is None:
            return f"{event_type.value} in {where} passed over: named, with no act and no actor"
        if event_type in DATED_TYPES and own_actor is None and _MEANS_AFTER.match(raw, trigger.end()):
            # Named as a means, with no doer of its own: "巡航ミサイルなどで相手の発射拠点をたたく能力".
            return f"{event_type.value} in {where} passed over: named as a means, with no doer in its sentence"
        if (
            (story_frame := reading.framed())
            and story_frame[0] not in FRAMES_ALLOWED.get(event_type, frozenset())
            # An act named, not told: a condemnation makes it today's only when the sentence names today.
            and not (_reacts_to_now(reading, sentence, span, event_type, acts) and reading.of_today(sentence))
        ):
            return f"{event_type.value} in {where} passed over: named in a story told as a {story_frame[0]}"
        unconfirmed = NAMED_NOT_TOLD
    counterparty = None
    if event_type == EventType.TRILATERAL_ACTION:
        if actor != TRILATERAL_ACTOR and not reading.three_act(trigger, sentence):
            return f"{event_type.value} in {where} passed over: not Japan, the ROK and the US together"
        if called_off := _CALLED_OFF.search(reading.text.raw, sentence.start, sentence.end):
            return f"{event_type.value} in {where} passed over: called off, not held ('{called_off.group()}')"
        actor = TRILATERAL_ACTOR
    elif event_type in PAIRED_TYPES:
        named = {name for name, _, _ in reading.actors_in(0, len(reading.text.raw))}
        if (
            event_type == EventType.ARMS_TRANSFER
            and (
                third := [
                    name
                    for name, _, reporter in reading.actors_in(sentence.start, sentence.end)
                    if not reporter and name not in ("DPRK", "Russia", "Ukraine")
                ]
            )
            and "DPRK" not in {name for name, _, _ in reading.actors_in(sentence.start, sentence.end)}
        ):
            # Another state's arms ("ships have carried 300,000 shells ... from Iran"), the DPRK not named.
            return f"{event_type.value} in {where} passed over: {third[0]}'s arms, not the DPRK's"
        if event_type == EventType.ARMS_TRANSFER and _MOVED_INSIDE.search(reading.text.raw, *span):
            return f"{event_type.value} in {where} passed over: arms moved within the DPRK, to no other state"
        if event_type == EventType.ARMS_TRANSFER and actor == "DPRK" and "Russia" not in named:
            # The DPRK's arms sold or shipped to another state ("North Korea has shipped Syria's government
            # materials ... and missile technicians") break the UN arms embargo: an evasion of sanctions.
            return StoryEvent(EventType.SANCTIONS_EVASION, trigger, sentence, "DPRK", None, unconfirmed, span=span)
        if not {"DPRK", "Russia"} <= named:
            return f"{event_type.value} in {where} passed over: not between the DPRK and Russia"
        if (
            event_type == EventType.ARMS_TRANSFER
            and _OWN_FORCES.search(reading.text.raw, *span)
            and "Russia" not in {name for name, _, _ in reading.actors_in(*span)}
        ):
            return f"{event_type.value} in {where} passed over: handed to the DPRK's own forces, not to a state"
        # DPRK troops fought or captured by Ukraine are still the DPRK's deployment.
        fought = event_type == EventType.TROOP_DEPLOYMENT and _DPRK_TROOPS.search(reading.text.raw, *span)
        # Arms made in or supplied from the DPRK are its transfer whoever the sentence makes act ("shells used in
        # the war in Ukraine ... supplied from North Korea").
        if event_type == EventType.ARMS_TRANSFER and _DPRK_ORIGIN.search(reading.text.raw, *span):
            actor = "DPRK"
        elif event_type == EventType.ARMS_TRANSFER and (
            supplier := reading.actor_of(
                trigger
                if trigger.group().isascii()
                else next(reversed(reading.acts(trigger.start(), min(sentence.end, trigger.end() + 3))), trigger),
                sentence,
            )
        ) in ("DPRK", "Russia"):
            # The doer of the transfer's own words ("North Korea now supplies half of the ammunition Russian forces
            # fire"), not of another act of the sentence; the doer of their own verb where they hold one
            # ("ロシア軍が使う弾薬の最大4割を北朝鮮が供給": 北朝鮮, not ロシア軍).
            actor = supplier
        if actor not in (None, "DPRK", "Russia") and not fought:
            return f"{event_type.value} in {where} passed over: the act of {actor}, not between the DPRK and Russia"
        # Troops go from the DPRK; arms go either way: to the one the sentence sends them to ("to Russia",
        # "北朝鮮に"; "North Korean-made" come from the DPRK), else from whichever of the two it makes the actor.
        if event_type == EventType.ARMS_TRANSFER and (bound := _DESTINATION.search(reading.text.raw, *span)):
            actor = "DPRK" if bound["russia"] else "Russia"
        actor = actor if actor in ("DPRK", "Russia") and event_type == EventType.ARMS_TRANSFER else "DPRK"
        counterparty = "Russia" if actor == "DPRK" else "DPRK"
    elif (
        event_type == EventType.SANCTIONS_EVASION
        and actor not in (None, "DPRK")
        and re.search(_LUXURY_GOODS, reading.text.raw[span[0] : span[1]], re.IGNORECASE)
    ):
        # Luxury goods given to the DPRK ("Putin gave Kim another Aurus"): the giver breaks the ban on supplying
        # them, an act that earns the DPRK nothing.
        counterparty = "DPRK"
    elif actor is not None and actor != "DPRK":
        # A theft or an evasion is disclosed by others (prosecutors, the FBI, a victim's state): it is the DPRK's
        # when its sentence attributes it to the DPRK or a group of it ("US charges North Korean hacker").
        # (Or its own words trade with the DPRK: "diesel transfers to the sanctioned state".)
        if not (
            event_type in ATTRIBUTED
            and (
                any(name == "DPRK" for name, _, _ in reading.actors_in(*span)) or _WITH_THE_DPRK.search(trigger.group())
            )
        ):
            return f"{event_type.value} in {where} passed over: the act of {actor}, not of the DPRK"
        actor = "DPRK"
    elif actor is None:
        if event_type == EventType.CYBER_INCIDENT:
            return f"{event_type.value} in {where} passed over: attributed to no one"
        unconfirmed = unconfirmed or "no actor named"
        actor = "DPRK"
    return StoryEvent(event_type, trigger, sentence, actor, counterparty, unconfirmed, span=span)


#: Incidents the press tells when they are disclosed, days or weeks after they happened: a date some days old in
#: their sentence is the incident's, not another event's.
LATE_DISCLOSED = frozenset(
    {
        EventType.TRILATERAL_ACTION,
        EventType.CYBER_INCIDENT,
        EventType.SANCTIONS_EVASION,
        EventType.ARMS_TRANSFER,
        EventType.TROOP_DEPLOYMENT,
        EventType.NUCLEAR_ACTIVITY,
    }
)


def _headline_hits(reading: Reading, sentence: Sentence) -> list[tuple[tuple[int, int], EventType, re.Match[str]]]:
    """The events a headline sentence names in its own clauses, the most specific first, then a late disclosure's
    in the clauses that only add its date."""
    text = reading.text
    hits = [(sentence.own, *hit) for hit in EVENT_TYPE_TABLE.search_all(text, *sentence.own)] if sentence.own else []
    named = {event_type for _, event_type, _ in hits}
    if span := sentence.disclosed:
        # A launch too, when the sentence says it comes to light only now ("지난 21일 ... 발사한 사실이 뒤늦게
        # 확인됐다", "was disclosed two days later").
        belated = BELATED.search(text, *span) is not None
        hits += [
            (span, *hit)
            for hit in EVENT_TYPE_TABLE.search_all(text, *span)
            if (hit[0] in LATE_DISCLOSED or belated) and hit[0] not in named
        ]
    return hits


#: Words telling that an act comes to light only now, days after it happened.
BELATED = _rx(
    r"belatedly|came to light|was (?:only )?(?:disclosed|revealed|made public) (?:\w+ ){0,2}(?:later|after)"
    r"|뒤늦게|後になって|遅れて(?:明らか|判明)"
)


#: A quotation in a title ("「日本上空通過」", "“fired”").
_QUOTED = re.compile(r"「[^」]{0,40}」|『[^』]{0,40}』|“[^”]{0,60}”")
#: A title summing many launches over years ("1998年から7回", "2017년부터 5번째", "a record year").
_SUM_TITLE = re.compile(SUM_OVER_YEARS, re.IGNORECASE)
#: Frames of a title that make the whole story one that tells no new act: a review or an analysis, an anniversary,
#: a launch's wreckage salvaged (unless the title tells an act).
STORY_FRAMES = frozenset({"analysis", "anniversary", "retraction", "wreckage"})


def story_event(reading: Reading) -> StoryEvent:
    """The story's own event: the first title or lede sentence that tells a new act of the right party (the most
    specific type of its own clauses), else `other` with every candidate passed over and why. A story whose title
    frames it as a review, an analysis or an anniversary tells no new act."""
    passed: list[str] = []
    not_done: set[EventType] = set()
    artillery: StoryEvent | None = None
    text = reading.text
    for title in (s for s in reading.headline if s.role == Role.TITLE):
        if (frame := reading.frame_of((title.start, title.end))) and frame[0] in STORY_FRAMES:
            # An anniversary is the day of a new act too ("conducts 5th nuclear test on state founding anniversary"),
            # but not of the act it counts the years of ("첫 ICBM 발사 5년").
            at = text.raw.find(frame[1], title.start, title.end)
            # (Nor an act quoted as what is corrected: "「日本上空通過」を訂正".)
            quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text.raw, title.start, title.end)]
            # (Nor the act whose years it counts, named just before them: "初発射から30年".)
            acts = [
                verb
                for verb in reading.acts(title.start, title.end)
                if not at - 2 <= verb.start() < at + len(frame[1])
                and not 0 <= at - verb.end() <= 1
                and not any(a <= verb.start() < b for a, b in quoted)
            ]
            if frame[0] != "analysis" and acts:
                continue
            return StoryEvent(
                EventType.OTHER, None, None, None, passed_over=(f"the story is told as {frame[0]} ('{frame[1]}')",)
            )
    for title in (s for s in reading.headline if s.role == Role.TITLE):
        # A title that sums many acts ("日本上空通過、1998年から7回", "A record year of North Korean launches") tells
        # none of them, unless it tells one with a verb.
        if (tally := _SUM_TITLE.search(text.raw, title.start, title.end)) and not [
            verb
            for verb in reading.acts(title.start, title.end)
            if verb.group() not in VERBAL_NOUNS or reading.conjugated(verb)
        ]:
            return StoryEvent(
                EventType.OTHER, None, None, None, passed_over=(f"the story is told as a sum ('{tally.group()}')",)
            )
    for sentence in reading.headline:
        # A notice of a launch to come or a civil-defence drill, anywhere in the title or lede, is the story.
        if (hit := EVENT_TYPE_TABLE.search(text, sentence.start, sentence.end)) and hit[0] == EventType.OTHER:
            if artillery is not None:
                break
            return StoryEvent(EventType.OTHER, hit[1], sentence, None, passed_over=tuple(passed))
        if not (found := _headline_hits(reading, sentence)):
            for clause in sentence.clauses:
                if clause.background and (hit := EVENT_TYPE_TABLE.search(text, clause.start, clause.end)):
                    passed.append(
                        f"{hit[0].value} in {_where(reading, hit[1])} passed over: background ('{clause.background}')"
                    )
                    break
            continue
        # The most specific event the sentence tells as a new act of the right party (a joint drill of two
        # states named beside a DPRK launch is not the three's, and the launch is still told); a word of one passed
        # over is no other event ("condemned the export of ballistic missiles to Russia" is no launch).
        refused: list[re.Match[str]] = []
        for hit in found:
            if within := next((m for m in refused if m.start() <= hit[2].start() < m.end()), None):
                passed.append(f"{hit[1].value} in {_where(reading, hit[2])} passed over: part of '{within.group()}'")
                continue
            if hit[1] in ATTRIBUTED and (tally := _sum_told(reading, sentence)):
                # A sentence that sums ("過去最高", "7回の攻撃"), or a title over a lede that does: no one theft.
                passed.append(f"{hit[1].value} in {_where(reading, hit[2])} passed over: a sum of many ('{tally}')")
                continue
            judged = _judge(reading, sentence, *hit)
            if (
                isinstance(judged, StoryEvent)
                and judged.unconfirmed == NAMED_NOT_TOLD
                and judged.event_type in not_done
            ):
                # Named with no verb after a headline sentence told it as not done ("'은하 3호' 발사 미뤄지나" over a
                # lede naming the rocket): the story's act is still to come.
                judged = f"{judged.event_type.value} in {_where(reading, hit[2])} passed over: named, told as not done"
            if isinstance(judged, StoryEvent):
                if artillery is not None and judged.event_type != EventType.BALLISTIC_MISSILE_LAUNCH:
                    continue
                if judged.event_type == EventType.ARTILLERY_FIRE and artillery is None:
                    # A launcher's rockets may be what officials call ballistic missiles ("Kim oversaw a test of a
                    # new multiple rocket launcher", "Seoul's assessment that short-range ballistic missiles had
                    # been launched"): a ballistic launch the headline tells as well is the story's.
                    artillery = judged
                    continue
                return StoryEvent(**{**judged.__dict__, "passed_over": tuple(passed)})
            if judged.endswith(NOT_DONE):
                not_done.add(hit[1])
            passed.append(judged)
            refused.append(hit[2])
    if artillery is not None:
        return StoryEvent(**{**artillery.__dict__, "passed_over": tuple(passed)})
    return StoryEvent(EventType.OTHER, None, None, None, passed_over=tuple(passed))


def _sum_told(reading: Reading, sentence: Sentence) -> str | None:
    """The words by which a sentence sums many thefts or attacks ("過去最高", "7回の攻撃", "between January 2024 and
    September 2025"), or, for the title, by which the lede does."""
    if m := TALLY.search(reading.text, sentence.start, sentence.end):
        return m.group()
    if sentence.role != Role.TITLE:
        return None
    for lede in reading.headline:
        if lede.role == Role.LEDE and (m := TALLY.search(reading.text, lede.start, lede.end)):
            return m.group()
    return None


#: Words that make missiles ballistic (a class, "ballistic", KCNA's tactical guided weapons, warheads).
BALLISTIC_NAMED = _rx(
    r"\bballistic\b|(?<![0-9a-z_])(?:ICBM|IRBM|SRBM|MRBM|SLBM)s?(?![0-9a-z_])|弾道|탄도|\bsuper-large\b|초대형|超大型"
    r"|\bwarheads?\b|\btactical guided\b|\bnew-type guided\b|戦術誘導|전술유도|\bsolid[- ]fuel"
)
CRUISE_NAMED = next(pattern for kind, pattern in EVENT_TYPE_PATTERNS if kind == EventType.CRUISE_MISSILE_LAUNCH)


def _cruise_told(
    reading: Reading, story: StoryEvent, spans: list[tuple[int, int]], systems_in: SystemsIn
) -> re.Match[str] | None:
    """Where the story says that missiles told as fired, of no kind ("fired two short-range missiles"), were cruise
    missiles ("the missiles were believed to be surface-to-ship cruise missiles", "KN-01s"): the first of its own
    spans that names either kind decides, ballistic words ("rather than Rodong ballistic missiles" aside) or a
    ballistic system first keeping the launch ballistic."""
    text = reading.text
    trigger = story.trigger
    if trigger is None or BALLISTIC_NAMED.search(text, trigger.start(), trigger.end()):
        return None
    for start, end in spans:
        cruise = CRUISE_NAMED.search(text, start, end)
        while cruise and _ALTERNATIVE_BEFORE.search(text.raw, max(start, cruise.start() - 12), cruise.start()):
            # One of two guesses ("KN-02 단거리 미사일이거나 함대함 미사일을 개량한 신형"): no kind told.
            cruise = CRUISE_NAMED.search(text, cruise.end(), end)
        system = next(iter(systems_in(start, end)), None)
        if system and MISSILE_SYSTEMS[system[0]][1] == MissileClass.CRUISE:
            cruise = min((m for m in (cruise, system[1]) if m), key=re.Match.start)
        ballistic = BALLISTIC_NAMED.search(text, start, cruise.start() if cruise else end)
        if ballistic or (system and MISSILE_SYSTEMS[system[0]][1] not in (None, MissileClass.CRUISE) and not cruise):
            return None
        if cruise:
            return cruise
    return None


#: Right after a system's name: one of two guesses ("「KN02」か、地対艦ミサイル", "a KN-02 or a modified anti-ship
#: missile", "KN-02이나"), not the system named.
_ALTERNATIVE_AFTER = re.compile(
    r"[」』\"'\u201d\u2019]?(?:か[、,]|または|あるいは|もしくは|\s+or\s+(?:an? |the |some )?(?:modified |upgraded |new |"
    r"[\w-]+-based )?[\w-]+|(?:이?나|또는) "
    # "KN-02 단거리 미사일인지, … 신형 300㎜ 방사포인지", "…미사일이거나": whether it was one or the other.
    r"|[^.,。、]{0,12}?(?:인지[ ,]|이거나 ))"
)
#: Right before a missile's kind: the second of two guesses ("…이거나 함대함 미사일", "or a modified anti-ship missile").
_ALTERNATIVE_BEFORE = re.compile(
    r"(?:이?거나|또는|\bor|か[、,]?|または|あるいは|もしくは)\s?(?:an? |the )?(?:[\w-]+ )?$"
)


def _systems_named(reading: Reading, start: int, end: int) -> list[tuple[str, re.Match[str]]]:
    """The systems a span names, in the order it names them ("KN-02 short-range ballistic missiles ... and not the
    Musudan"), the longer name where two begin at one place; not one denied ("not the Musudan")."""
    named = [
        (name, m)
        for name, m in SYSTEM_TABLE.search_all(reading.text, start, end)
        if not _denied(reading, m) and not _ALTERNATIVE_AFTER.match(reading.text.raw, m.end())
    ]
    named.sort(key=lambda hit: (hit[1].start(), -hit[1].end()))
    apart = [hit for i, hit in enumerate(named) if all(hit[1].start() >= other[1].end() for other in named[:i])]
    # A system named by its launcher beside one named as a missile ("600mm multiple rocket launchers and
    # Hwasong-11A tactical ballistic missiles"): the missile's is the launch's, whichever comes first.
    if len(apart) > 1:
        apart.sort(key=lambda hit: _LAUNCHER_NAMED.search(hit[1].group()) is not None)
    return apart


#: A system's name that names its launcher ("600mm multiple rocket launchers", "super-large rocket launcher").
_LAUNCHER_NAMED = re.compile(r"\blaunchers?\b|発射台|방사포|발사대|多連装|ロケット砲", re.IGNORECASE)


#: A span's systems as `_systems_named` finds them, asked once a span (the class, the system and the kind of a
#: launch each look).
SystemsIn = Callable[[int, int], list[tuple[str, re.Match[str]]]]


#: Short-range missiles or projectiles of no named kind ("fired two short-range missiles", 短距離ミサイル, 단거리 발사체).
SHORT_RANGE = _rx(
    r"\bshort[- ]range (?:guided )?(?:missiles?|projectiles?|rockets?)\b"
    r"|短距離の?(?:誘導)?(?:ミサイル|飛翔(?:\([ぁ-ん]+\))?体|ロケット)|단거리 ?(?:유도 ?)?(?:미[사싸]일|발사체|로켓)"
)
#: Ballistic classes by reach: a salvo of several names the farthest.
REACH = (MissileClass.SRBM, MissileClass.MRBM, MissileClass.IRBM, MissileClass.ICBM)


def _own_spans(reading: Reading, story: StoryEvent) -> list[tuple[int, int]]:
    """Where the story's own facts are: the event's sentence, then the title and lede, then the body."""
    first = story.sentence
    rest = [s for s in reading.headline if s is not first] + [s for s in reading.sentences if s.role == Role.BODY]
    return ([story.span] if story.span else []) + list(reading.own_spans(tuple(rest)))


def _anothers_act(reading: Reading, story: StoryEvent, sentence: Sentence) -> bool:
    """Whether a body sentence tells another state's act, not the story actor's ("Within minutes, South Korea fired
    two missiles in a drill, one of which failed"): its facts are not the event's."""
    if story.actor != "DPRK" or story.event_type in PAIRED_TYPES or sentence.own is None:
        return False
    mentions = reading.actors_in(*sentence.own)
    if not mentions or any(name == "DPRK" for name, _, _ in mentions):
        return False
    acts = reading.acts(*sentence.own)
    return bool(acts) and reading.actor_of_acts(sentence, acts) not in (None, "DPRK")


def extract(report: TextReport) -> Extraction:
    """Extract the facts of the story's own event from a text report's title and body."""
    original = f"{report.title}\n{report.body}" if report.title else report.body
    if original.isascii():  # English alone: no widths to narrow, no other rules can match
        searched, found, rules = original, Extraction(), ENGLISH
    else:
        searched = narrow(original)
        found = Extraction(original=original, languages=languages(searched, report.language))
        rules = rules_for(found.languages)
    text = Text(searched)
    published_day = report.published_at.astimezone(KOREA).date()

    def day_named(start: int, end: int) -> tuple[date, str] | None:
        """The date a span names (a calendar date or a weekday, not "today"), as the background check wants it: a
        date of the coming weeks is a date to come (a notified launch window), not last year's; a weekday is the
        last such day."""
        for pattern in rules.on_date:
            if (m := pattern.search(text, start, end)) is None:
                continue
            if m.groupdict().get("weekday"):
                return _calendar_day(m, published_day), m.group()
            if m["day"] is None:
                continue
            try:
                day = _calendar_day(m, published_day)
                # A date of the coming weeks in a notice is a date to come (a notified launch window), not last
                # year's; elsewhere ("1月6日に4回目の核実験" in a year's review of December) it is this year's.
                if (
                    not m["year"]
                    and (ahead := day.replace(year=day.year + 1)) - published_day < timedelta(days=62)
                    and NOTICE.search(text, *_sentence_around(searched, start, end))
                ):
                    day = ahead
            except ValueError:
                return None
            return day, m.group()
        if not found.languages or found.languages == ("en",):
            return None
        # A month of a year with no day ("2017년 11월 쏜 화성-15형"): its last day, so this month's is no other time.
        if (m := YEAR_MONTH_CJK.search(text, start, end)) is not None:
            year, month = int(m["year"]), int(m["month"])
            if 1 <= month <= 12:
                return date(year, month, calendar.monthrange(year, month)[1]), m.group()
        return None

    reading = Reading(text, len(report.title) if report.title else None, published_day, day_named)
    found.reading = reading
    story = story_event(reading)
    spans = _own_spans(reading, story) if story.event_type != EventType.OTHER else []
    systems_in: SystemsIn = cache(partial(_systems_named, reading))
    if story.event_type == EventType.BALLISTIC_MISSILE_LAUNCH and (
        kind := _cruise_told(reading, story, spans, systems_in)
    ):
        story = replace(story, event_type=EventType.CRUISE_MISSILE_LAUNCH, trigger=kind)
    found.story = story
    event_type = story.event_type
    if story.trigger is not None:
        found.put("event_type", event_type, story.trigger, 0.9, "event_type")
    else:
        found.put("event_type", EventType.OTHER, None, 0.5, "event_type-default")
    if story.actor is not None:
        found.put("actor", story.actor, story.trigger, 0.8, "actor")
    if story.counterparty is not None:
        found.put("counterparty", story.counterparty, None, 0.8, "counterparty")
    if story.unconfirmed is not None:
        found.put("unconfirmed", story.unconfirmed, story.trigger, 0.5, "unconfirmed")
    if event_type == EventType.OTHER:
        return found

    headline = list(reading.own_spans(reading.headline))
    is_launch = event_type in (
        EventType.BALLISTIC_MISSILE_LAUNCH,
        EventType.CRUISE_MISSILE_LAUNCH,
        EventType.SATELLITE_LAUNCH,
    )

    if event_type == EventType.CRUISE_MISSILE_LAUNCH:
        # Before any ballistic system the story names ("cruise missiles rather than Rodong ballistic missiles").
        found.put("missile_class", MissileClass.CRUISE, None, 0.9, "cruise")
    if is_launch:
        # The first own span that names a class (or a system, which has one) decides the class, the event's
        # sentence before the body's; the system is the first named of that class.

        def shown(span: tuple[int, int]) -> bool:
            # A weapon a later sentence tells as shown at a parade ("同じパレードで…ICBM「火星20」も初公開") is not
            # the launch's: its class and system are not; unless the sentence names it as what the launch may
            # have been ("パレードで初めて公開した新型ICBM「火星17型」の可能性がある").
            return (
                span not in headline
                and (frame := reading.frame_of(span)) is not None
                and frame[0] == "parade"
                and not _MAY_BE_IT.search(text.raw, *span)
            )

        mixed = False
        for start, end in spans:
            if (start, end) not in headline and _SPECULATED.search(text.raw, start, end):
                # A later sentence's guess ("could have been a hypersonic weapon, though a submarine-launched
                # missile could not be ruled out") names no class of the launch.
                continue
            if shown((start, end)):
                continue
            # A system of no fixed class (the Hwasong-8) leaves the class to the text; a salvo of systems of
            # several classes ("two Scud-type short-range missiles followed by a Rodong") names the farthest.
            systems = [hit for hit in systems_in(start, end) if MISSILE_SYSTEMS[hit[0]][1]]
            classes = {MISSILE_SYSTEMS[name][1] for name, _ in systems}
            mixed = len(classes) > 1 and classes <= set(REACH)
            system = max(systems, key=lambda hit: REACH.index(MISSILE_SYSTEMS[hit[0]][1])) if mixed else None
            system = system or next(iter(systems), None)
            if system and (implied := MISSILE_SYSTEMS[system[0]][1]):
                found.put("missile_class", implied, system[1], 0.9, f"gazetteer:{system[0]}")
            # A class denied ("it was not believed to be an intercontinental ballistic missile") names none; one
            # named beside it may ("a medium-range weapon rather than an intercontinental ballistic missile").
            named = next(
                (
                    (cls, m)
                    for cls, pattern in MISSILE_CLASS_PATTERNS
                    if (m := pattern.search(text, start, end))
                    and not (_denied(reading, m) or ((start, end) not in headline and _guessed(reading, m)))
                ),
                None,
            )
            if named:
                found.put("missile_class", named[0], named[1], 0.9, "missile_class")
            if system or named:
                break
        for start, end in spans if not mixed else ():
            if shown((start, end)):
                continue
            if (system := next(iter(systems_in(start, end)), None)) and MISSILE_SYSTEMS[system[0]][1] in (
                None,
                found.values.get("missile_class", MISSILE_SYSTEMS[system[0]][1]),
            ):
                name, m = system
                found.put("system", MISSILE_SYSTEMS[name][0], m, 0.95, f"gazetteer:{name}")
                break
        if (
            event_type == EventType.BALLISTIC_MISSILE_LAUNCH
            and "missile_class" not in found.values
            and (m := first_match((SHORT_RANGE,), text, headline))
        ):
            # Short-range missiles of no named kind in the title or lede: the short-range ballistic class.
            found.put("missile_class", MissileClass.SRBM, m, 0.7, "short-range")
        if event_type == EventType.SATELLITE_LAUNCH:
            found.put("missile_class", MissileClass.SLV, None, 0.8, "satellite-implies-slv")

    if event_type in COUNTED_TYPES:
        # The lede's count ("a missile" before the body's "several other missiles"), its first, known or not; else
        # the body's (a release tells it there: "탄도미사일 1발을 포착"), where a vague count says the total is
        # not known ("a single round ... several rounds"). Background is left out.
        body = [span for span in spans if span not in headline]

        def counts(patterns: tuple[Pattern, ...], where: list[tuple[int, int]]) -> re.Match[str] | None:
            # (Not shells counted beside a launch, "緩衝区域へ砲撃170発も": the missiles' count is another.)
            return next(
                (
                    m
                    for m in every_match(patterns, text, where)
                    if not (is_launch and _SHELLS_BEFORE.search(text.raw, max(0, m.start() - 8), m.start()))
                ),
                None,
            )

        counted = counts(rules.unknown_count + rules.count, headline) or (
            counts(rules.unknown_count, body) or counts(rules.count, body)
        )
        vague = counted is not None and any(counted.re is p.regex for p in rules.unknown_count)
        # The lede tells the weapons in the plural and counts none ("supervised the firing of rocket launchers and
        # tactical guided weapons"): a body's "a short-range missile" is one of them, not their count.
        plural = story.trigger is not None and _PLURAL_ARMS.search(story.trigger.group()) is not None
        if (
            plural
            and counted is not None
            and not vague
            and not any(start <= counted.start() < end for start, end in headline)
            and _count_of(counted)[0] == 1
        ):
            counted = None
        # One kind named ("a new type of ground-to-sea cruise missile") counts one unless the story counts them.
        kind = counted is not None and not vague and _A_KIND_OF.match(text.raw, counted.start()) is not None

        # A vague headline count, or one kind named, gives way to any figure the story's own clauses give after it
        # ("複数発" ... "18発程度", "a new type of cruise missile" ... "four missiles had been launched",
        # "a volley of missiles" ... "at least seven missiles had been fired"); a bound goes further than a lower
        # count before it ("More Than 20 Missiles" over the lede's "at least 23").
        def bounds(where: list[tuple[int, int]]) -> list[re.Match[str]]:
            return [m for m in every_match(rules.count, text, where) if _count_of(m)[1] == CountQualifier.AT_LEAST]

        if (vague or kind) and (
            told := [
                m
                for m in every_match(rules.count, text, spans)
                if m.start() > counted.start()  # type: ignore[union-attr]
                # (Not the first report it corrects: "revising an initial report that it had launched a single
                # missile", "当初1発と発表".)
                and not _SUPERSEDED.search(
                    text.raw, max(reading.sentence_at(m.start()).start, m.start() - 80), m.start()
                )
            ]
        ):
            counted, vague = told[0], False
        elif counted is not None and not vague and _count_of(counted)[1] == CountQualifier.AT_LEAST:
            # (Not a bound told of the day before: "전날 200여 발에 이어" beside today's 60여 발.)
            def before(span: tuple[int, int]) -> bool:
                return any(word in text.raw[span[0] : span[1]].lower() for word in YESTERDAY_WORDS)

            of_count = next((before(span) for span in headline if span[0] <= counted.start() < span[1]), False)
            same_day = [span for span in headline if before(span) == of_count]
            counted = max(bounds(same_day), key=lambda m: _count_of(m)[0], default=counted)
        if counted is not None and vague:
            found.put("count_qualifier", CountQualifier.UNKNOWN, counted, 0.8, "count")
        elif m := counted:
            count, qualifier = _count_of(m)
            found.put("count", count, m, 0.85, "count")
            found.put("count_qualifier", qualifier, m, 0.85, "count")
        elif event_type == EventType.SATELLITE_LAUNCH and (
            ((m := first_match((ORBIT,), text, spans)) and not _denied(reading, m))
            or (m := first_match((CARRIER_ROCKET,), text, spans))
        ):
            # A satellite put into orbit (KCNA's way of telling a launch), or its rocket named: one rocket flew
            # (the DPRK has never launched two at once).
            found.put("count", 1, m, 0.7, "one-carrier-rocket")
            found.put("count_qualifier", CountQualifier.EXACT, m, 0.7, "one-carrier-rocket")
        elif (
            event_type != EventType.SATELLITE_LAUNCH and not plural and (m := first_match((ONE_MISSILE,), text, spans))
        ):
            # The missile told as one by its own flight, no number given.
            found.put("count", 1, m, 0.6, "one-missile-told")
            found.put("count_qualifier", CountQualifier.EXACT, m, 0.6, "one-missile-told")

    # The launch's own time before a flight over Japan's, a fall's or a statement's.
    times = sorted(every_match(rules.time, text, spans), key=lambda m: _other_moment(reading, m))
    if times:
        m = times[0]
        near = rules.date[[p.regex for p in rules.time].index(m.re)] if len(rules.time) > 1 else rules.date[0]
        # The day of a time with none beside it: one its own sentence names (even a statement's: "the JCS said on
        # Thursday that it detected a missile fired ... at 6:20 pm"), else the story's.
        sentence = reading.sentence_at(m.start())
        story_day = _event_day(reading, rules.on_date, [(sentence.start, sentence.end)])
        if story_day is None or story_day.groupdict().get("rel") in THAT_DAY_WORDS:
            # ("이날", "この日": the story's day, which is the report's own only when the story names none.)
            story_day = (
                _event_day(reading, rules.on_date, [story.span, *headline] if story.span else headline) or story_day
            )
        # A zone stated for the time wins; else a story written in Korea or Japan tells its clock times there, and
        # so does Seoul's or Tokyo's military, told as the source of the time ("South Korea's Joint Chiefs of Staff
        # said the projectiles were fired ... at 2:59 a.m.", in a story filed elsewhere).
        zone = _zone_of(m, searched) or (
            KOREA
            if reading.written_in_korea_or_japan or _KOREA_JAPAN_MILITARY.search(searched, sentence.start, m.start())
            else None
        )
        occurred, precision = _resolve_time(m, text, report.published_at, near, zone, story_day, sentence.start)
        if plausible(occurred):
            found.put("occurred_at", occurred, m, 0.85, "local-time")
            found.put("occurred_precision", precision, m, 0.85, "local-time")
            if (until := _range_end(m, occurred)) is not None:
                found.put("occurred_until", until, m, 0.85, "local-time-range")
    elif (
        # A launch's day anywhere in its own clauses; a late disclosure's in its event's sentence only (the body's
        # dates are the designations', the reports', the seizures').
        (dated_spans := spans if event_type in DATED_TYPES else [story.span] if event_type in LATE_DISCLOSED else [])
        and (m := _event_day(reading, rules.on_date, dated_spans, statements=event_type not in LATE_DISCLOSED))
        and plausible(day := _resolve_date(m, report.published_at))
    ):
        # "was launched on March 24": the day is known, the time is not (precision: day).
        found.put("occurred_at", day, m, 0.75, "date")
        found.put("occurred_precision", TimePrecision.DAY, m, 0.75, "date")

    if hit := SITE_TABLE.search_spans(text, spans):
        name, m = hit
        found.put("site", SITES[name][0], m, 0.9, f"gazetteer:{name}")

    if is_launch:
        if m := first_match(rules.apogee, text, spans):
            found.put("apogee_km", _number(m["value"]), m, 0.9, "apogee")
        if m := first_match(rules.range, text, spans):
            if _one_of_several(reading, m, _ONE_OF_THEM_RX):
                # The flight of one missile of a salvo, not named by its place ("1발은 120㎞가량 날아가는 데 그쳐"): the
                # salvo's range is the first its own clauses tell of another (the first missile's, as Japan's and
                # Seoul's releases give it).
                m = next(
                    (
                        o
                        for o in every_match(rules.range, text, spans)
                        if not _one_of_several(reading, o, _ONE_OF_THEM_RX)
                    ),
                    m,
                )
            found.put("range_km", _farthest(m), m, 0.85, "range")
        if m := first_match(rules.flight_time, text, spans):
            found.put("flight_time_min", _number(m["value"]), m, 0.85, "flight-time")
        # The first own span that says where it fell decides (the lede's "outside" before the body's "inside" of
        # another missile).
        for span in spans:
            if (m := first_match((EEZ_INSIDE,), text, [span])) and not _denied(reading, m):
                found.put("eez", EezRelation.INSIDE, m, 0.9, "eez")
            elif m := first_match((EEZ_OUTSIDE, EEZ_NOT_REACHED), text, [span]):
                found.put("eez", EezRelation.OUTSIDE, m, 0.9, "eez")
            if "eez" in found.values:
                break
        if (m := first_match((OVERFLIGHT,), text, spans)) and not _denied(reading, m):
            found.put("overflew_japan", True, m, 0.9, "overflight")
        if hit := LANDING_TABLE.search_spans(text, spans):
            landing, m = hit
            found.put("landing", landing, m, 0.8, "landing")
    if is_launch or event_type == EventType.NUCLEAR_TEST:
        # How it went, as the story's own clauses tell (a claim counts), not as another state's act went ("South
        # Korea fired two missiles in a drill, one of which failed"). A nuclear explosion is no failure.
        told = [span for span in spans if not _anothers_act(reading, story, reading.sentence_at(span[0]))]
        # A failure told in a clause naming another day is another event's ("Kim, who watched Wednesday's failed
        # launch of the warship"); a claim of success comes a day later and stays.
        day = found.values["occurred_at"].astimezone(KOREA).date() if "occurred_at" in found.values else None
        same_day = [span for span in told if not (day and (named := day_named(*span)) and named[0] != day)]
        several = found.values.get("count", 1) > 1
        failures = (
            m
            for m in every_match((FAILURE,), text, same_day)
            if not _repeated(text.raw, m)
            and not (several and _one_of_several(reading, m))
            and not _in_condition(text.raw, m)
        )
        if is_launch and (m := next(failures, None)):
            found.put("outcome", Outcome.FAILURE, m, 0.8, "outcome")
        elif (m := first_match((SUCCESS,), text, told)) and not _denied(reading, m):
            found.put("outcome", Outcome.SUCCESS, m, 0.7, "outcome")

    # What moved or was taken, how much, where, by whom and how: from the same own clauses, the title's and lede's
    # whole (a disclosure dates what it discloses: "loaded at Rajin ... between Sept. 7 and Oct. 1").
    told = [(s.start, s.end) for s in reading.headline] + spans
    read_details(event_type, text, told, lambda name, value, m, rule: found.put(f"details.{name}", value, m, 0.7, rule))

    if event_type == EventType.TRILATERAL_ACTION:
        # What the three did, as the clauses telling it say: a background line on the warning-data mechanism in
        # a story of a bomber drill does not make the drill the mechanism's.
        tags = []
        if first_match((EXERCISE,), text, told):
            tags.append("exercise")
        if first_match((WARNING_SHARING,), text, told):
            tags.append("missile-warning-sharing")
        if tags:
            found.put("tags", tuple(tags), None, 0.8, "tags")
    return found


def explain_reading(found: Extraction) -> dict[str, Any]:
    """How the story's event was chosen, as `analyze --explain` shows it: the deciding clause, the candidates
    passed over and why, and the clause each field came from."""
    story, reading = found.story, found.reading
    if story is None or reading is None:
        return {}
    decided = (
        f"{story.event_type.value} in {_where(reading, story.trigger)}"
        if story.trigger is not None
        else "other: no title or lede sentence tells a new act"
    )
    return {
        "event": decided,
        "actor": story.actor,
        "unconfirmed": story.unconfirmed,
        "passed_over": list(story.passed_over),
        "fields": {p.field: p.clause for p in found.provenance if p.clause},
    }


#: Words of a notice or a plan: a date of the coming weeks beside them is one to come.
NOTICE = _rx(
    r"\bnotif\w*|\bnotice\b|\bwindow\b|\bplan(?:s|ned)?\b|\bwill\b|\bscheduled\b|予告|通報|予定|計画|통보|예고|예정|"
    r"계획"
)


def _sentence_around(raw: str, start: int, end: int) -> tuple[int, int]:
    """The sentence a span lies in, found by its full stops (before the reading has cut the text)."""
    before = max(raw.rfind(mark, 0, start) for mark in (". ", "。", "\n")) + 1
    after = [i for i in (raw.find(mark, end) for mark in (". ", "。", "\n")) if i != -1]
    return before, min(after, default=len(raw))


def _guessed(reading: Reading, found: re.Match[str]) -> bool:
    """Whether a fact is named as what something could become or carry (`_GUESSED_BEFORE`), in its sentence."""
    sentence = reading.sentence_at(found.start())
    return bool(_GUESSED_BEFORE.search(reading.text.raw, max(sentence.start, found.start() - 80), found.start()))


#: Japanese kana or Korean hangul: a clause in those languages, whose verbs come last.
_KANA_HANGUL = re.compile(r"[\u3040-\u30ff\uac00-\ud7a3]")


def _denied(reading: Reading, found: re.Match[str]) -> bool:
    """Whether a fact is denied or doubted: a negation before it in its clause ("there is no confirmation that it
    fell within ...", "did not pass over Japan"), or after it in its clause in Japanese and Korean, whose verbs come
    last, in any telling of it in its sentence; not a negation of another clause ("passed over Okinawa and that it
    had not attempted an interception")."""
    raw = reading.text.raw
    sentence = reading.sentence_at(found.start())
    # Each telling of the fact in its sentence, each in its own clause: "通過したとお知らせしましたが、…、
    # 日本列島を通過していないことを確認しました" denies it; "상공을 통과했으며, 일본 영역에 떨어진 물체는 없다"
    # does not.
    for told in found.re.finditer(raw, found.start(), sentence.end):
        clause = reading.clause_at(told.start())
        # A clause told as what another says or denies ("There is no confirmation | that it fell within ...")
        # takes that clause's negation.
        begin = clause.start
        if raw.startswith(("that ", "which "), clause.start):
            begin = max((c.start for c in sentence.clauses if c.end <= clause.start), default=clause.start)
        if NEGATION.search(raw, begin, told.start()) or (
            # (A Latin name inside a Japanese or Korean clause, "ICBMの可能性は低い", takes the verb after it too.)
            (not told.group().isascii() or _KANA_HANGUL.search(raw, clause.start, clause.end))
            and NEGATION.search(raw, told.end(), clause.end)
        ):
            return True
    return False


#: A failure counted ("failed twice this year", "2度失敗", "두 차례 실패"): earlier ones, not the story's launch.
REPEATED = _rx(
    r"\b(?:twice|(?:three|four|five|several|\d+) times)\b|(?:[2-9二三四五]|\d{2})(?:度|回)(?:目)?(?:の|に|も)?|"
    r"(?:[2-9]|두|세|네|여러) ?(?:차례|번)(?:의|나|째)?"
)


#: One missile of several, not named by its place in the salvo ("one of them", "1発は", "1발은").
_ONE_OF_THEM = r"\bone of (?:the|them|which|those|its)\b|(?<!\d)1発(?:は|が)|(?<!\d)1 ?발(?:은|이|만)"
_ONE_OF_THEM_RX = re.compile(_ONE_OF_THEM, re.IGNORECASE)
#: Before a failure, one missile of several ("one of them", "the second missile", "1発は", "2発目", "1발은"): the
#: salvo did not fail.
_ONE_OF_SEVERAL = re.compile(
    _ONE_OF_THEM + r"|\b(?:first|second|third|fourth|other|last) (?:one|missile|rocket|projectile)\b"
    r"|(?<!\d)[1-9]発目|(?:첫|두|세|네) ?번째",
    re.IGNORECASE,
)


#: A kind of missile named with an article ("a new type of cruise missile"): one kind, not a count of missiles.
_A_KIND_OF = re.compile(
    r"(?:an?|one)\s+(?:[\w'-]+\s+){0,2}?(?:type|kind|class|variant|version|generation)\s+of\b",
    re.IGNORECASE,
)
#: Words of a first report that a later one corrects.
_SUPERSEDED = re.compile(
    r"\binitial(?:ly)?\b|\boriginal(?:ly)?\b|\bfirst (?:report|said|described|text)|\brevis\w*|当初|당초|처음에",
    re.IGNORECASE,
)


def _one_of_several(reading: Reading, told: re.Match[str], which: re.Pattern[str] = _ONE_OF_SEVERAL) -> bool:
    """Whether a failure or a flight is told of one missile of a salvo, in the words of its sentence just before it
    ("1発目は飛行中に空中で分解し、発射に失敗", "1발은 120㎞가량 날아가는 데 그쳐")."""
    sentence = reading.sentence_at(told.start())
    return which.search(reading.text.raw, max(sentence.start, told.start() - 40), told.start()) is not None


def _farthest(told: re.Match[str]) -> float:
    """The distance a range's words give: the farther of two ("flew 350 km and 450 km"), else its one figure."""
    figures = told.groupdict()
    if figures.get("first"):
        return max(_number(figures["first"]), _number(figures["second"]))
    return _number(told["value"])


#: A condition around a word ("if it exploded", "공중에서 폭발했다면", "爆発していれば"): not told as happened.
_IF_BEFORE = re.compile(r"\b(?:if|whether|unless)\b[^.;,]{0,40}$", re.IGNORECASE)
_IF_AFTER = re.compile(
    r"[^.。,、]{0,4}?(?:했다면|했으면|한다면|하면|됐다면|すれば|したら|していれば|した場合|する場合)"
)


def _in_condition(raw: str, told: re.Match[str]) -> bool:
    """Whether a word is told in a condition, not as what happened."""
    return bool(_IF_BEFORE.search(raw, max(0, told.start() - 40), told.start()) or _IF_AFTER.match(raw, told.end()))


def _repeated(raw: str, failure: re.Match[str]) -> bool:
    """Whether a failure is told as one of several (a count of times right before or after it)."""
    near = raw[max(0, failure.start() - 12) : failure.end() + 16]
    return REPEATED.regex.search(near) is not None


def _count_of(m: re.Match[str]) -> tuple[int, CountQualifier]:
    """A count told, and how: exactly, about, at least."""
    word = m["num"].lower()
    qualifier = (m["qual"] or "").strip().lower()
    return COUNT_WORDS.get(word) or int(word), (
        CountQualifier.AT_LEAST
        if qualifier in AT_LEAST_WORDS or m.groupdict().get("more")
        else CountQualifier.APPROXIMATE
        if qualifier or m.groupdict().get("about")
        else CountQualifier.EXACT
    )


def _other_moment(reading: Reading, time_match: re.Match[str]) -> bool:
    """Whether a clock time is another moment's than the launch: the nearest cue before it in its clause names a
    flight over Japan, a fall or a statement ("passed over Aomori at 7:28", "came down at about 7:44") rather
    than a firing ("launched at 7:22"); with no cue before it, whether the clause names one at all."""
    clause = reading.clause_at(time_match.start())
    if not time_match.group().isascii():
        # Japanese and Korean put the verb after the time: the first cue after it decides ("12시30분 ... 보도를 통해":
        # the broadcast's time; "7時28分頃、青森県上空を通過": the overflight's).
        after = reading.text.raw[time_match.end() : clause.end]
        other = next((m.start() for m in OTHER_MOMENT.regex.finditer(after)), None)
        fired = next((m.start() for m in ACT.regex.finditer(after)), None)
        if other is not None or fired is not None:
            return fired is None or (other is not None and other < fired)
    before = reading.text.raw[clause.start : time_match.start()]
    other = max((m.end() for m in OTHER_MOMENT.regex.finditer(before)), default=-1)
    fired = max((m.end() for m in ACT.regex.finditer(before)), default=-1)
    if other >= 0 or fired >= 0:
        return other > fired
    return OTHER_MOMENT.search(reading.text, clause.start, clause.end) is not None
