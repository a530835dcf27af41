"""How a report tells its story: sentences and clauses with their role and time, who acts, and whether the act
happened. Pure: no Kafka, no I/O.

The press writes lede-first (the inverted pyramid): the title and the first paragraph tell the new event; later
paragraphs give background (earlier launches, other dates, "the fifth launch this year"), reactions and analysis.
A `Reading` cuts a report into sentences (title, lede, body) and each sentence into clauses (at commas, dashes,
semicolons), and marks every clause that speaks of another time than the story's own (`background`, with the
cue that says so). Once a sentence turns to background it stays there, and so does the paragraph until a
sentence anchors itself in the story's own time again ("today", "this morning", "Tuesday's launch").

Then, for a clause that names an event, who acts (`actor_of`: the nearest state named before the event's words
that is not only reporting it, as in "Seoul said Pyongyang fired ...") and whether it is told as an act that
happened (`realis`: an act verb in the past or headline present, not a plan, notice, threat, image, parade,
ground test or anniversary). Extraction (`extract.py`) takes the story's event and its facts from there.

Positions are those of the searched text (`Text`): the patterns search each clause of it in place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar

from services.ingest.prefilter import Pattern, Text

_FLAGS = re.IGNORECASE


def _rx(pattern: str) -> Pattern:
    return Pattern(re.compile(pattern, _FLAGS))


class Role(StrEnum):
    """Where a sentence stands in the story."""

    TITLE = "title"
    LEDE = "lede"
    BODY = "body"


#: The days a span names, and its words (given by the extraction, which knows the date patterns).
DayOf = Callable[[int, int], "tuple[date, str] | None"]
#: A date this many days before the report's is another event's, not the story's (a night launch reported the
#: next day, or a weekend's, is still the story's).
MAX_OWN_DAYS = 2

#: How many sentences of the first paragraph make the lede (a one-paragraph release goes on with details).
LEDE_SENTENCES = 2

#: Words before a full stop that do not end a sentence.
ABBREVIATIONS = frozenset(
    [
        # US states in a dateline, as the AP writes them ("PALM BEACH, Fla. (AP) -").
        "ala",
        "ariz",
        "ark",
        "calif",
        "colo",
        "conn",
        "fla",
        "ky",
        "md",
        "mich",
        "minn",
        "neb",
        "nev",
        "okla",
        "tenn",
        "va",
        "vt",
        "wis",
        "wyo",
        "d.c",
        "n.y",
        "n.j",
        "u.s",
        "u.n",
        "u.k",
        "e.u",
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "lt",
        "col",
        "sgt",
        "capt",
        "adm",
        "cmdr",
        "no",
        "nos",
        "st",
        "jr",
        "sr",
        "vs",
        "e.g",
        "i.e",
        "etc",
        "inc",
        "co",
        "corp",
        "gov",
        "govt",
        "dept",
        "approx",
        "est",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mt",
        "ft",
        "n",
        "s",
        "d.p.r.k",
        "r.o.k",
        "a.m",
        "p.m",
    ]
)
#: Words after "a.m." or "p.m." that go on with the time ("7:10 a.m. Seoul time"), not a new sentence.
_TIME_TAILS = re.compile(
    r"\s+(?:\(|Seoul|Korea|Korean|Tokyo|Japan|Japanese|Pyongyang|KST|JST|GMT|UTC|local|Monday|Tuesday|Wednesday"
    r"|Thursday|Friday|Saturday|Sunday|on|in|and|to|or|ET|EST|EDT)\b"
)
_SENTENCE_END = re.compile(r"[.!?](?=[\"'”\u2019)]*\s)|[。\uff01\uff1f]")
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")
#: Clause boundaries inside a sentence: a comma or semicolon and a space, a dash between spaces, "、", "…"; and
#: the start of a relative clause that tells a past act ("the same Hwasong-12 | that overflew Hokkaido on 29
#: August": its date is that act's, not the sentence's).
_CLAUSE_END = re.compile(
    r"[,;](?=\s)|\s[—\u2013-]{1,2}\s|、|\uff0c|\u2026|\u3000"
    # After "following another act" ("오물풍선 살포에 이어 | 오늘 ... 발사했다", "朝のICBM級に続き | 1日2回").
    r"|(?<=에 이어)\s|(?<=に続き)|(?<=に続いて)"
    # A space between Japanese words (a headline's full-width space, narrowed): Japanese has none inside a phrase.
    r"|(?<=[\u3040-\u30ff\u4e00-\u9fff0-9」』)]) (?=[\u3040-\u30ff\u4e00-\u9fff「『])"
    r"|\s(?=(?:that|which)\s+(?:\w+\s+){0,2}?(?:\w+ed|flew|overflew|fell|came|went|was|were|broke|blew|hit|struck"
    r"|rose|began|took)\b)"
    # and a phrase naming an earlier act ("from the same submarine it used | for an earlier test in 2016").
    r"|\s(?=(?:for |than |like |as in |after |since )?(?:an?|the|its|their) (?:earlier|previous|prior) \w+)"
)

# -------------------------------------------------------------------------------------------- background
#: Words ending a clause that names the act the story's follows ("오물풍선 살포에 이어", "朝のICBM級に続き").
FOLLOWING = ("에 이어", "に続き", "に続いて")
#: Cues that a clause tells of another time than the story's own: strong ones always. First, those that say when
#: (another day, month or year: of an earlier launch, or of the incident a late disclosure reveals).
BACKGROUND_WHEN = _rx(
    r"\b(?:last|previous|past) (?:month|week|weekend)\b|\bearlier (?:this|that|in the|in this) (?:month|week)\b"
    r"|\b(?:in|since|during|through|until|last) (?:early |late |mid-|mid )?(?:January|February|March|April|June|July"
    r"|August|September|October|November|December)\b|\b(?:days|weeks|a week|a month) ago\b"
    # (May is a month after those words, not the verb: "in May 1993", "until May".)
    r"|\b(?:in|since|during|through|until) (?:early |late |mid-|mid )?May\b(?! (?:be|have|not|also|well|yet)\b)"
    r"|先月|先週|지난달|지난주"
    # A launch in a month named without its day ("今年2月に発射した", "지난 2월 발사한"): another launch than the
    # story's (not what a system is compared with: "지난 5월 처음 공개된 … KN-23과 같은 계열").
    r"|(?<![\d年])(?:今年|昨年)?\d{1,2}月(?:上旬|中旬|下旬|末)?に[^。、]{0,10}(?:発射|打ち上げ)し"
    r"|(?:지난|올해|작년) ?\d{1,2}월(?:에)? [^.]{0,10}발사한"
    # A year: when an earlier act was, or the incident a disclosure reveals ("2019년 업비트 ... 탈취는 北 소행").
    r"|\b(?:in|during|through|until|of|from|between) (?:early |late |mid-|mid )?(?:19|20)\d\d\b"
    r"|(?:19|20)\d\d(?:年|년)(?! ?\d{1,2} ?(?:月|월))"
)
#: Then those that name a period or another event (a year's tally, "since", "came after").
BACKGROUND = _rx(
    r"\b(?:last|previous|past) (?:year|spring|summer|autumn|fall|winter|time|launch|test)\b"
    r"|\b(?:last|previous) (?:known |reported |confirmed )(?:[\w-]+ )?(?:launch|test)\b"
    # (Not a comparison with then: "far greater precision than a year ago" tells of now.)
    r"|\bearlier (?:this|that|in the|in this) year\b|\bthe year before\b"
    r"|(?<!than a year )(?<!than a month )(?<!than a week )(?<!than a decade )(?<!than two years )\bago\b"
    r"|\b(?:since|before) (?:early |late |mid-|mid )?(?:19|20)\d\d\b"
    r"|昨年|去年|一昨年|前年|지난해|작년|재작년"
    r"|\b(?:19|20)\d\d(?:'s)? (?:launch|test|shelling|attack|crisis|summit|agreement)"
    r"|\banniversary\b|\byears since\b|\bsince\b|\bprior\b|\bformerly\b"
    # (Not "a previously unknown flaw": a thing new to others.)
    r"|\bprevious(?:ly)?\b(?!\s+(?:day|night|evening|morning|afternoon|unknown|undisclosed|unreported|unseen|secret))"
    # "The launch came two days after ...", "comes amid ...", "follows": not "came down", "followed by".
    r"|\b(?:came|comes|coming)\s+(?:\w+\s+){0,3}?(?:after|as|amid|ahead of|following|on the heels)\b"
    # An earlier attempt of the day ("second Musudan flies 400 km after first one fails").
    r"|\bafter (?:an? |the |its )?(?:first|earlier|initial|failed) (?:one|attempts?|launch(?:es)?|missiles?|tests?"
    r"|tries)\b"
    # ("flew for three hours before hitting a target" tells the flight, not another event's time.)
    # ("for months after luring them" is how long the act went on, not another event's time.)
    # ("launched ... the day before", said on Monday: the story's own yesterday, not another event's.)
    # ("The second missile followed about five minutes later": the next of the story's own missiles.)
    r"|\b(?:follows|followed)\b(?!\s+by\b)(?!\s+(?:[\w-]+\s+){0,3}?(?:seconds?|minutes?|hours?|later|shortly|soon)\b)"
    # (Nor a likeness: "the theft followed a pattern seen in earlier heists by ... Lazarus" attributes it.)
    r"(?!\s+(?:an? |the )?(?:[\w-]+\s+){0,2}?(?:pattern|playbook|script|method|template|hallmarks?)\b)"
    # ("the missile North Korea fired a day earlier", said the next day: the story's own act.)
    r"|(?<!for )(?<!the )(?<!\ba )(?<!\bone )\b(?:days?|weeks?|months?|a day(?! earlier)|a week|"
    r"a month) (?:after|before|since|earlier)\b"
    r"|\bin the past\b|\bat the time\b|\bback then\b|\bthen-\w+|\bhistor(?:y|ic(?:al)?)\b"
    # (Not 過去最大: the largest ever is this one.)
    r"|前回|以前|過去(?!最大|最悪|最高額)|当時|かつて|これまで|以来|周年|年前(?!より|に比べ)|これに先立"
    # (Not a comparison with a year before: "정확도가 1년 전보다 크게 높아졌다", "1年前より".)
    r"|지난번|이전|과거|당시|그동안|주년|이래|년 전(?!보다)|직전"
    # The day before, too ("前日の7日にも…発射したが", "전날에도"): another launch than the story's.
    r"|前日(?:の\d+日)?にも|전날(?:인 \d+일)?에도"
    # The time since an act ("파병 사실을 공개한 지 18일로 1년이 됐다"), or a series' tag of it ("[북한군 파병 1년]",
    # "【派兵1年】"): an anniversary's story.
    r"|(?<=[가-힣]) 지 (?:\S+ )?\d+ ?(?:년|개월|달)(?:이|가|째)|[\[【][^\]】]{0,20}\d+ ?(?:년|年|개월|か月|カ月)[\]】]"
    # Following another act ("朝のICBM級に続き", "전날 발사에 이어"), or one just before ("発射したばかりで").
    r"|" + "|".join(FOLLOWING) + r"|(?<=[たし])ばかりで"
    # A year's tally: "the most in a single year", 過去最多, 역대 최다.
    r"|\brecord number\b|\bthe most in a (?:single )?year\b|\bin a single year\b|過去最多|年間|역대|최다|집계"
    # The year so far, or a number without precedent: a tally ("ことしに入って前例のない数の弾道ミサイルを発射").
    r"|(?:ことし|今年)に入って|올해 들어|\bso far this year\b|\bthis year alone\b|\bunprecedented number\b"
    r"|前例のない数|전례 없는 (?:수|횟수|규모)"
    r"|計\d+回|合わせて\d+"
    # (Digits as a lookbehind: a match begins at a word, which lets the prefilter start the search there.)
    r"|(?:총|모두) ?\d+(?:회|차례|번|발)|(?<=\d)차례에 걸쳐"
    # A sum over many incidents: "최대 20억 달러", 累計, 総額.
    r"|(?:최대|누적) ?\d[\d,.]*(?:억|조)? ?(?:달러|원)|累計|総額"
    r"|\bacross \d+ (?:incidents|attacks|hacks|heists)\b|\bin total\b|\btotal(?:ed|led|ing|ling)?\b|\bcumulative\b"
)
#: A comparison that names the story's missile by an earlier one: "the same type as", "…과 같은 기종", "…と同型".
SAME_TYPE = re.compile(
    r"\bsame (?:type|kind|model|variant) (?:of (?:missile|weapon|rocket) )?as\b"
    r"|(?:과|와) (?:같은|동일한) (?:기종|종류|미사일|계열)|と同(?:型|種|系統|じ型|じタイプ|じ種類)",
    re.IGNORECASE,
)
#: A sentence opening on the thing the last one named ("That missile", "Those launches", "The earlier test").
_REFERS_BACK = re.compile(
    r"\s*(?:That|Those|The earlier|The previous|The latter)\s+(?:\w+\s+){0,2}?"
    r"(?:missiles?|rockets?|launch(?:es)?|tests?|projectiles?|ICBMs?|weapons?)\b"
    # ("…以来となる。このミサイルは…EEZ内に落下した", "그 미사일은").
    r"|\s*(?:この|その|同)(?:ミサイル|弾道ミサイル|発射)(?:は|も)|\s*(?:이|그|해당) (?:미사일|발사)(?:은|는|도)"
)
#: A sentence whose topic is the military or a ministry telling what it detected ("韓国軍合同参謀本部は、…",
#: "합참은 …", "South Korea's Joint Chiefs of Staff said ..."): it speaks of the story's act again, unless a cue of
#: its own says otherwise.
_REPORTER_TOPIC = re.compile(
    r"\s*(?:(?:South Korea's|Japan's|Seoul's|Tokyo's|the)\s+)?(?:Joint Chiefs of Staff|JCS|Defen[cs]e Ministry"
    r"|(?:defen[cs]e|foreign) ministry|military)\b[^.]{0,20}?\bsaid\b"
    r"|[^、。\n]{0,12}(?:合同参謀本部|合参|防衛省|防衛相|国防省|国防部)(?:は|によると)"
    r"|[^,.\n]{0,12}(?:합동참모본부|합참|국방부|방위성)(?:는|은|이|에 따르면)",
    re.IGNORECASE,
)
#: Last year, as a cue of background; and words telling that an act has come to light only now.
_LAST_YEAR = re.compile(r"昨年|去年|지난해|작년|last year", re.IGNORECASE)
_REVEALED = _rx(
    # (The press's "…ことが8日分かった": it was learned today.)
    r"것으로 (?:드러났|밝혀졌|확인됐|결론 ?났|결론지어졌)|결론을 내렸|と結論"
    r"|判明|明らかになっ|ことが(?:\d+日)?(?:分かっ|わかっ)"
    r"|\b(?:came to light|(?:was|were) revealed|has emerged|it emerged)\b"
)
#: A sum over many incidents ("少なくとも7回の攻撃", "47 hacks", "49건의 해킹").
#: Many launches summed over years ("1998年から7回", "2017년부터 5번째"), or a record year: a tally, and a title telling
#: one tells no launch (extract.py).
SUM_OVER_YEARS = r"(?:19|20)\d\d年から\d+回|(?:19|20)\d\d ?년부터 \d+(?:번|차례|회)|\b(?:busiest|record) year\b"
TALLY = _rx(
    r"(?<=\d)(?:回|件)の(?:サイバー)?(?:攻撃|ハッキング)|(?<=\d) ?(?:차례|건)의? (?:사이버 ?)?(?:공격|해킹)"
    # A record over a period, or a sum between two months of different years.
    r"|過去最高|過去最多|역대 ?최(?:고|대)|사상 ?최대"
    r"|\bbetween (?:January|February|March|April|May|June|July|August|September|October|November|December) "
    r"(?:19|20)\d\d and (?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"|\b(?:across|in) (?:some |about |around |nearly |more than |over )?\d+ (?:separate )?"
    r"(?:incidents|attacks|hacks|heists|intrusions)\b"
    # A whole year's or months' take ("stole more in 2022 than in any previous year", "accounted for a third of all
    # crypto stolen in 2023", "21개월 동안 가로챈", "1年間で"), not a theft of a day or a month.
    r"|\bthan in any (?:previous |other |prior )?year\b|\b(?:a third|half|a quarter|\d+ ?%) of all\b"
    r"|(?<!\d)(?:[2-9]|\d\d) ?개월 ?(?:동안|간)|(?<!\d)(?:[2-9]|\d\d) ?(?:か|ヵ|カ|ケ)月間|\d+ ?년 ?(?:동안|간)"
    r"|(?:19|20)\d\d年の1年間|한 해 동안"
    # Half a year's take ("上半期で21億ドル超", "상반기에만", "in the first half of 2025").
    r"|上半期|下半期|상반기|하반기|\b(?:first|second) half of (?:the year|this year|last year|(?:19|20)\d\d)\b"
    # A sum since a year ("2017년 이후 … 탈취", "2017年以降", "since 2017", "1998年から7回"), a record year.
    r"|(?:19|20)\d\d ?년 ?이후|(?:19|20)\d\d年以降|\bsince (?:19|20)\d\d\b|" + SUM_OVER_YEARS
)
#: The word that ends a span of days ("through Thursday", "20日まで" after "から", "까지" after "부터").
_UNTIL = re.compile(r"\b(?:through|until|till)\s|から|부터", re.IGNORECASE)
#: A period that runs from a past time to now, told in the perfect ("has sent 13,000 containers since mid-2022",
#: "昨年以降", "작년 이후"; not "their first talks since 2019"):
#: the span of a situation a late disclosure tells, not another event.
ONGOING_SINCE = re.compile(
    r"\b(?:has|have)\b[^.;]{0,120}\bsince (?:at least )?(?:early |late |mid-?|the (?:start|end|beginning) of )?"
    r"(?:(?:19|20)\d\d\b"
    r"|January|February|March"
    r"|April|May|June|July|August|September|October|November|December|last (?:year|month|summer|autumn|fall|spring))"
    # ... or over a span up to now ("has carried out construction ... over the past year").
    r"|\b(?:has|have)\b[^.;]{0,120}\b(?:over|in|during) the (?:past|last) (?:year|(?:\w+ )?(?:months|years))\b"
    r"|(?:年|月|昨年|去年)(?:以降|以来)|(?:년|월|지난해|작년) ?(?:이후|이래)",
    re.IGNORECASE,
)
#: At a clause's end, the time since another event or the event the story answers: what the clause tells is
#: that event ("위성 실패 사흘 만": three days after the satellite failed; "衛星打ち上げ失敗から3日"; "北朝鮮が
#: 4日に…発射したことを受け": in response to the launch of the 4th). Before an act it is the story's own ("한 달
#: 만에 또 발사했다"), so only the clause's end counts.
ANOTHER_EVENT_AT_END = re.compile(
    r"(?:(?:하루|이틀|사흘|나흘|닷새|엿새|이레|열흘|보름|\d+ ?(?:일|주|주일|개월|달|년|시간)) ?"
    r"만(?:이다|입니다|이며|에|의)?"
    # (Not an attack suffered: "不正アクセスを受け", "サイバー攻撃を受け".)
    r"|から(?:約)?\d+(?:日|週間|か月|カ月|ヶ月|年)(?:後|で|ぶり)?"
    r"|(?P<reaction>(?<!アクセス)(?<!攻撃)(?<!被害)(?<!アクセスを)(?<!攻撃を)(?<!被害を)(?:こと|の)?を?受け(?:て|た形)?))"
    r"[\s.。…·]*$"
)
#: At a Japanese clause's end: its verb runs on into the next clause ("発射し、", "落下させ、").
_RUNS_ON = re.compile(r"(?:し|させ|て|で)\s*$")
#: A zone just before a day's name: the day of a time told in that zone ("2211 GMT Tuesday").
#: Zones other than Korea's and Japan's that a wire names beside a time: a day told with one is that zone's day.
OTHER_ZONES = "GMT|UTC|ET|EST|EDT|PT|PST|PDT|BST|CET"
_ZONE_BEFORE_DAY = re.compile(rf"\b(?:{OTHER_ZONES})\)?,?\s*(?:on\s+)?$")
#: The same day as the one the sentence named before ("同日午前", "같은 날").
_SAME_DAY = re.compile(r"同日|같은 ?날|당일")
#: Hours before the story's moment, the same day ("Hours earlier", "earlier in the day").
_HOURS_BEFORE = re.compile(
    r"\b(?:hours|minutes|shortly|just) (?:earlier|before)\b|\bearlier (?:in the day|that day|that morning)\b",
    re.IGNORECASE,
)
#: The pluperfect: an act before the story's ("it had fired a Hwasong-18 in July"), unless reported speech
#: shifted it back ("North Korea said it had detonated a hydrogen bomb").
PLUPERFECT = _rx(
    r"\bhad (?:(?:already|also|previously|earlier|last|successfully) )?(?:fired|launched|conducted|tested|"
    r"test-fired|carried out|sent|shipped|supplied|deployed|stolen|staged|flown|detonated)\b"
)
_REPORTED = re.compile(
    r"\b(?:said|says|told|confirmed|announced|claimed|claims|reported|added|stated)\b[^.;]{0,60}$", re.IGNORECASE
)
#: Weaker cues ("its fifth launch this year", "so far", 今年に入って, 올해 들어): background only in a clause
#: that tells no act itself ("North Korea fired its fifth missile this year on Tuesday" is the story's own).
BACKGROUND_WEAK = _rx(
    r"\bthis year\b|\bso far\b|\bto date\b|\ba (?:series|string|spate|flurry|barrage) of\b|\brecord\b"
    r"|\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth) (?:such |this )?(?:launch|test|time)\b"
    r"|(?<=\d)(?:st|nd|rd|th) (?:such |this )?(?:launch|test|time)\b"
    # 앞서: "earlier", often of the same event's first report ("앞서 합참은 ... 발사했다고 밝혔다").
    # (Not the salvo's own missiles in order: "첫 번째 미사일은 약 600㎞를 비행해".)
    r"|今年に入|今年[^。]{0,12}回目|(?<=\d)回目|相次|올해|번째(?! ?(?:미사일|발|탄도|로켓))"
    r"|연이어|잇따|잇단|연이은|앞서"
)
#: The story's own time: a sentence with one of these comes back from background.
NOW = _rx(
    r"\b(?:today|tonight|this (?:morning|afternoon|evening)|earlier today|the latest|this launch|"
    r"this time|new launch)\b"
    r"|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:'s)?\b"
    # Not this day years ago ("5년 전 오늘", "5年前の今日").
    r"|きょう|(?<!前の)今日|けさ|今朝|今回|この日|本日|先程|先ほど|さきほど|(?<!전 )오늘|이날|이번|금일|방금"
)

# -------------------------------------------------------------------------------------------- actors
#: The words that end a firm's or an institute's name ("한국항공우주산업", "한국원자력연구원", "韓国水力原子力").
_KOREAN_FIRM = (
    r"(?:産業|研究院|研究所|公社|電力|水力原子力|銀行|取引所|振興院|산업|연구원|연구소|공사|전력|수력원자력|은행|거래소"
    r"|진흥원|공단|재단)"
)
#: States and who stands for them (capitals, leaders, forces, agencies that act, groups attributed to them).
#: Data, checked in order; the DPRK's cyber groups act for it.
ACTORS: tuple[tuple[str, Pattern], ...] = (
    (
        "DPRK",
        _rx(
            r"\bNorth Korea(?:n|'s)?\b|\bDemocratic People's Republic of Korea\b|\bN\. ?Korea(?:n|'s)?\b|"
            r"\bPyongyang(?:'s)?\b|\bDPRK\b|\bD\.P\.R\.K\b"
            r"|\bKim Jong[- ]?Un\b|\bKim Yo[- ]?Jong\b|\bthe North(?:'s)?\b|\bKorean People's Army\b|\bKPA\b|\bKCNA\b"
            r"|\bKorean Central News Agency\b|\bMissile (?:General )?(?:Bureau|Administration)\b|\bLazarus\b"
            r"|\bTraderTraitor\b|\bAndariel\b|\bKimsuky\b|\bBlueNoroff\b|\bAPT ?(?:37|38|43|45)\b"
            r"|\bReconnaissance General Bureau\b|\bNational Aerospace (?:Technology )?Administration\b|\bNATA\b"
            r"|北朝鮮|金正恩|金与正|朝鮮人民軍|朝鮮中央通信|ミサイル総局|国家航空宇宙技術総局|ラザルス"
            r"|북한|북측|北韓|김정은|김여정|조선중앙통신|인민군|미[사싸]일총국|국가항공우주기술총국|라자루스|김수키|"
            r"안다리엘"
            r"|조선민주주의인민공화국"
            r"|(?<![가-힣])북(?=[은이의도과,]|\s)|(?<![가-힣])北(?=[,、 ]|が|は|の)"
        ),
    ),
    (
        "Russia",
        _rx(
            r"\bRussia(?:n|'s)?\b|\bMoscow(?:'s)?\b|\bPutin\b|\bKremlin\b|ロシア|プーチン|러시아|푸틴|"
            r"(?<![一-龥])露(?=[,·…\s])"
            # A Korean headline's 러 ("러가 쏜 北 탄도미사일"), not a pair's (북러, 한러).
            r"|(?<![가-힣])러(?=[가는,·…\s])"
            r"|\bYars\b|\bSarmat\b|\bBulava\b|\bPlesetsk\b|야르스|사르마트|ヤルス|サルマト"
        ),
    ),
    (
        "China",
        _rx(
            r"\bChina(?:'s)?\b(?! Sea)|\bChinese\b|\bBeijing(?:'s)?\b|\bPLA\b|People's Liberation Army|中国|중국|"
            r"\bDF-\d+\w?\b|\bDongfeng\b|둥펑|東風|"
            r"(?<![一-龥])中(?=[,·…]|国)"
        ),
    ),
    (
        "US",
        _rx(
            r"\bUnited States\b|\bU\.S\.|\bUS\b|\bAmerican?\b|\bWashington(?:'s)?\b|\bPentagon\b|\bVandenberg\b"
            r"|\bU\.S\. (?:Air Force|Space Force|Navy|Army)\b|米国|米軍|米(?:空|海|陸)軍|米海兵隊|アメリカ|미국|미군"
            r"|\bMinuteman\b|\bTrident\b|미니트맨|ミニットマン"
            r"|미 ?(?:공군|해군|육군|우주군|전략사령부)"
            r"|美(?=[,·…\s]|国|軍|が|は|の)"
        ),
    ),
    (
        "ROK",
        _rx(
            r"\bSouth Korea(?:n|'s)?\b|(?<!People's )\bRepublic of Korea\b|\bS\. ?Korea(?:n|'s)?\b|"
            # (Not a firm's or an institute's name, nor a kind: "한국항공우주산업", "韓国水力原子力", "한국형 전투기".)
            r"\bSeoul(?:'s)?\b|\bROK\b|韓国(?!型)(?![一-龥ァ-ヶー]*" + _KOREAN_FIRM + r")"
            r"|한국(?!시간|형)(?![가-힣]*" + _KOREAN_FIRM + r")|우리 군|국군"
            # Seoul with Washington as one doer ("한미 양국 군이 … 사격을 실시"): not the DPRK.
            r"|한미(?!일)|한·미(?!·일)|韓米(?!日)|米韓(?!日)"
            # In Korean, the defence ministry and the military authorities unqualified are the ROK's.
            r"|(?<![가-힣] )(?<![가-힣])(?:국방부|군 ?당국)"
            # Its presidents, its defence laboratory and its missiles.
            r"|\bMoon Jae-?in\b|\bYoon Suk-?yeol\b|\bLee Jae-?myung\b|\bPark Geun-?hye\b"
            r"|\bAgency for Defense Development\b"
            r"|\bHyunmoo\b|문재인|윤석열|이재명|박근혜|이명박|국방과학연구소|현무|文在寅|尹錫悦|李在明|朴槿恵|玄武"
            r"|\bNuri\b|\bNaro\b|누리호|나로호|나로우주센터|\bNaro Space Center\b"
        ),
    ),
    (
        "Japan",
        _rx(
            r"(?<!Sea of )\bJapan(?:ese|'s)?\b(?! time)|\b[MAG]?SDF\b|\bSelf-Defense Forces?\b|\bTokyo(?:'s)?\b"
            r"|\bKishida\b|\bIshiba\b|\bTakaichi\b|岸田|石破|高市|기시다|이시바|다카이치"
            r"|日本(?!時間|海)|自衛隊|일본(?!시간)|자위대"
            # Its rockets and launch site.
            r"|\bH-?(?:II|2)A\b|\bH3 rocket\b|\bTanegashima\b|\bJAXA\b|H2A|H3ロケット|種子島|情報収集衛星|다네가시마"
        ),
    ),
    ("Iran", _rx(r"\bIran(?:ian|'s)?\b|\bTehran\b|イラン|이란")),
    ("India", _rx(r"\bIndia(?:n|'s)?\b|\bNew Delhi\b|\bAgni\b|インド|인도(?![양네])")),
    ("Pakistan", _rx(r"\bPakistan(?:i|'s)?\b|パキスタン|파키스탄")),
    ("Ukraine", _rx(r"\bUkrain(?:e|ian)(?:'s)?\b|\bKyiv\b|ウクライナ|우크라이나")),
    ("Israel", _rx(r"\bIsrael(?:i|'s)?\b|イスラエル|이스라엘")),
    ("France", _rx(r"\bFrance\b|\bFrench\b|フランス|프랑스")),
    ("UK", _rx(r"\bBritain\b|\bBritish\b|\bU\.K\.|\bUK\b|英国|イギリス|영국")),
)
#: Japan, the ROK and the US acting together.
TRILATERAL = _rx(r"\btrilateral\b|\bthree(?:-way| countries| nations| allies)\b|日米韓|韓米日|한미일|한·미·일|美日韓")
TRILATERAL_ACTOR = "Japan-ROK-US"
#: Two of the three named as one pair, in Japanese or Korean ("米韓両海軍", "한미 연합", "日米").
PAIRS = (
    (_rx(r"米韓(?!日)|韓米(?!日)|美韓|한미(?!일)|한·미(?!·일)"), frozenset({"US", "ROK"})),
    (_rx(r"(?<!韓)日米(?!韓)|米日|미일|미·일|美日(?!韓)"), frozenset({"Japan", "US"})),
    (_rx(r"日韓|韓日|한일|한·일"), frozenset({"Japan", "ROK"})),
)
THE_THREE = frozenset({"Japan", "ROK", "US"})
#: Words after a state's name that make it the reporter of what the clause tells, not its actor.
_SPEECH = re.compile(
    r"^(?:'s)?[^.,;\"“]{0,60}?\b(?:said|says|say|told|reported|reports|announced|announces|added|noted|stated"
    r"|confirmed|detected|claimed|claims|condemned|condemns|protested|warned|believes?|assessed|assesses|estimated"
    r"|tracked|is aware|was aware)\b"
    # What a state calls a thing ("Rajin Port, which Washington has named as a loading point for weapons").
    r"|^[^.,;\"“]{0,20}?\b(?:named|identified|described|branded|labell?ed) as\b"
    # A view named as the state's ("at odds with Seoul's assessment that ... had been launched").
    r"|^'s (?:[\w-]+ ){0,2}?(?:assessment|estimate|view|analysis|account|judge?ment|conclusion|belief|findings?)s?\b"
    # Japanese and Korean: the reporter is the subject ("防衛省は…発表", "합참은…밝혔다") or named as the source.
    # (Its office and name may come between: "韓国の申源湜国防相は…明らかにした", "한국의 신원식 국방장관은 …밝혔다".)
    r"|^\s?(?:によると|によりますと|에 따르면|(?:の[^、。はが]{1,15}?)?(?:側)?(?:は|が)[^。]{0,60}?(?:発表|明らかに|"
    r"伝え|述べ)"
    r"|(?:의 [^.,]{1,15}?)?(?:측)?(?:은|는|이|가) [^.]{0,60}?(?:밝혔|발표했|전했|말했))",
    _FLAGS,
)
_ACCORDING = re.compile(
    r"(?:according to|citing|cited by|quoted by|in response to|responding to|in retaliation for|to counter)"
    r"\s+(?:the\s+)?$",
    _FLAGS,
)
#: After a state's name: what it did is the cause the clause answers ("北 IRBM 대응해 쏜 현무-2": the ROK fired).
#: Words after an act that make it what a sentence answers ("北 정찰위성 발사 대응", "ミサイル発射に対抗し").
CAUSE_AFTER = re.compile(
    r"^[^,.。、]{0,20}?(?:에 대응|대응(?![가-힣])|대응해|대응하|에 맞서|に対抗|に対応|への対抗|への対応"
    # What is paid for ("파병 대가로", "派兵の見返りに"): the payment is the act told.
    r"|(?:에 대한 )?대가로|の(?:見返り|対価)(?:に|として))"
)
#: After or before a state's name: the name is a place ("일본 열도 상공", "日本の上空", "over Japan"), not a doer.
_PLACE_AFTER = re.compile(
    r"(?:'s|の|의)?\s?(?:열도|상공|영공|해역|영해|본토|쪽|방향|인근|근해|배타적 ?경제수역|전역|全域|全土"
    r"|列島|上空|領空|領海|本土|方向|沖|近海|周辺|排他的経済水域"
    r"|EEZ|exclusive economic zone|territory|airspace|archipelago|mainland)"
)
_PLACE_BEFORE = re.compile(
    # (A target is no doer either: "could use its nuclear weapons against the United States".)
    r"\b(?:over|across|toward|towards|into|near|off|around|above|against)\s+(?:the\s+)?(?:(?:northern|southern|eastern"
    r"|western)\s+)?$"
    # ("Russian forces in southern Ukraine are firing ...": a region of a state is a place; "troops in Russia" may
    # name the party they serve.)
    r"|\bin\s+(?:the\s+)?(?:northern|southern|eastern|western|northeastern|northwestern|southeastern|southwestern)\s+$",
    _FLAGS,
)
_NOT_AFTER = re.compile(r"(?:이|가)? ?아니(?:라|고|다)|\s?아닌|ではなく|でなく")
_NOT_BEFORE = re.compile(r"\bnot\s+(?:by\s+)?$", re.IGNORECASE)
#: Between an event's words and a state's name: the state is the agent ("the launch by North Korea").
#: Between the words and their doer, told as an agent ("missiles fired by Pyongyang"); matched from the words' end
#: (`match` at a position: a `^` would match only at the text's start).
_BY = re.compile(r"[^.,;]{0,30}?\bby\s+(?:the\s+)?$", _FLAGS)
#: A means told after its clause's object ("showed disrespect for its neighbor China by firing ..."): the object
#: just before "by" is what the act is done to, the doer the clause's subject before it.
_OBJECT_BEFORE_MEANS = re.compile(r"\W{0,3}\s*by\s+(?:[a-z-]+ing\b[^.,;:]{0,40})?$", _FLAGS)
#: The doer in a relative clause just after the act's words ("a coastal artillery drill North Korean leader Kim
#: Jong-un ordered", "the missile test that Russia conducted"): the words between, then the doer's verb after it.
_RELATIVE_GAP = re.compile(r"(?:[\s-]+[a-z]+){0,2}\s+(?:that\s+|which\s+)?")
_RELATIVE_VERB = re.compile(
    r"(?:\s+(?:leader\s+|ruler\s+)?(?:[A-Z][\w-]+\s+){0,3}?|\s+)"
    r"(?:ordered|fired|launched|conducted|staged|carried out|test-fired|tested|oversaw|supervised|held)\b"
)
#: The two Koreas as the doers of an exchange of fire ("North and South Korea traded artillery fire"): the DPRK
#: fired, whichever of the two the sentence names last.
_BOTH_KOREAS_EXCHANGE = re.compile(
    r"\b(?:North and South Korea|South and North Korea|the two Koreas)\s+(?:\w+\s+){0,2}?(?:traded|exchanged)\b",
    _FLAGS,
)
#: A reporter that goes on to speak of its own act ("South Korea said it test-fired ...").
_SELF = re.compile(
    r"\b(?:said|says|announced|confirmed|claimed|claims)\s+(?:on\s+)?(?:\w+day\s+)?(?:that\s+)?"
    # ... or of its act as what the clause is about ("said Monday that the ballistic missile it fired ...").
    r"(?:(?:the|a|an)\s+(?:[\w-]+\s+){0,3}?)?(?:it|its|they)\b",
    _FLAGS,
)

# -------------------------------------------------------------------------------------------- realis
#: Verbs that tell an act: the past (and the headline present) of English, the verbs of Japanese and Korean.
ACT = _rx(
    r"\b(?:fired|fires|launched|launches|test-fired|test-fires|test-launched|shot|shoots|conducted|conducts"
    r"|carried out|carries out|detonated|lobbed|lobs|sent|sends|staged|stages|flew|deployed|deploys|shipped"
    r"|supplied|delivered|transferred|stole|steals|hacked|dispatched|exploded|shelled|blasted|unleashed|tested"
    r"|tests|activated|established|began|begins|begun|started|starts|held|holds|kicked off|wrapped up|concluded|joins"
    r"|transported|arrived|fought|attacked|laundered|loaded|exported|smuggled|joined|took part|observed|spotted"
    r"|seized|seizes|impounded|impounds|detained|intercepted|confiscated|charged|indicted|attribut(?:e|es|ed)"
    r"|blamed|(?:was|were|is|are) behind|provided|provides|gave"
    r"|imported|brought in|lashed|took on|transferring|exporting|smuggling|handed|ferried|ferrying|captured|fighting"
    r"|restarted|resumed|expanded|enriched|removed|removing|unloaded|unloading|extracted|extracting"
    r"|shifted|shifting|transshipped|transshipping|offloaded|offloading|killed|wounded|hired"
    # Going on now ("North Korea is sending 10,000 soldiers"): not a bare gerund ("a policy against sending arms").
    r"|(?:is|are|has been|have been) (?:now |already |quietly )?(?:sending|dispatching|deploying|shipping|supplying"
    r"|delivering|providing|transferring)"
    r"|(?:troops|soldiers) (?:are|were) (?:now |already |currently )?(?:in|inside|stationed)"
    # A plant at work ("several thousand centrifuges are already operating"): what a plant does is its act.
    r"|(?:is|are|was|were) (?:now |already |still |currently )?(?:operating|running|spinning|in operation)"
    r"|sold|handed over|succeeded|visited|toured|inspected|showed|revealed|disclosed"
    # A leader's part in a test ("Kim oversaw a test of ..."): not "guided" as a missile's kind.
    r"|oversaw|oversees|supervised|supervises|guided(?= (?:the|a|an|its|another)\b)"
    # A launch's failure tells that it happened ("the rocket launch fails", "the attempt failed when ...").
    r"|fails|failed(?!\s+(?:\w+\s+){0,2}to\b)(?!\s+(?:[\w-]+\s+){0,2}(?:launch|launches|attempts?|tests?|bids?)\b)"
    r"|ended in failure|lifted off|lifts off|blasted off|plunged|plunges"
    r"|crashed|crashes|broke apart|blew up|blows up"
    r"|fire|launch|test-fire|conduct|send|deploy|steal|ship)\b|\b(?:put|"
    r"placed)\b(?=[^.]{0,80}\binto (?:its |an? |the )?orbit)"
    r"|発射|試射|打ち上げ|実施|強行|撃っ|砲撃|視察|引き渡|供与|派遣|派兵|送っ|送り込ん|運び込|盗|窃取|通過|行った|行っ|行い|行われ|成功し"
    r"|参加し|参戦|戦っ|참전했|참전한|싸웠|(?:을|를) ?했|보내고|사들이|사들였|구매했|구입했"
    r"|해킹했|해킹한|빼냈|빼낸|拿捕し|押収|압수했|압수한|나포했|나포한|억류했|억류한|압류했|압류한"
    # A plant run, or run again ("濃縮施設の稼働を続けている", "運転を再開", "원자로를 재가동했다").
    r"|稼働(?:を続け|し|させ|して)|運転を再開|再稼働|(?:재)?가동(?:했|한|하고|을 재개|을 계속|중)"
    # Centrifuges spinning ("원심분리기 돌아가"); arms supplied ("4割を北朝鮮が供給している").
    r"|(?<=원심분리기 )돌아가|(?<=원심분리기가 )돌아가|供給し"
    r"|발사|쏘아|쐈|쏜|실시|진행|감행|강행|단행|포격|파병|파견|탈취|훔|성공했|성공한|시찰|보냈|보낸|넘겨|넘긴|제공했|"
    r"제공한|공급했|공개했|공개한|公開し"
)
#: Before an English act verb: it did not happen, or not yet ("plans to launch", "did not fire", "may fire").
#: An attempt made to do the act ("the fourth attempt in a year to put a spy satellite into orbit").
_ATTEMPT_BEFORE = re.compile(
    r"\b(?:\w+ )?attempts?\b(?:\s+[\w-]+){0,4}\s+to\s+$"
    # Tried: made, whatever came of it ("a missile that North Korea tried to fire ... exploded within seconds").
    r"|\b(?:tried|attempted)\s+(?:(?:and|but)\s+failed\s+)?to\s+$",
    re.IGNORECASE,
)
_UNREAL_BEFORE = re.compile(
    r"\b(?:to|will|would|could|can|may|might|should|shall|must|not|never|n't|no|plans?|planning|prepar\w*|ready"
    r"|poised|about|threat\w*|vow\w*|expected|likely|intends?|unlikely|considering|failed to|refrained from"
    r"|simulat\w*|mock|hypothetical)"
    r"\s+(?:(?:be|have|have been|also|again|soon|another|an?|the)\s+)*$"
    # A condition: "if it had sent troops", "whether Pyongyang fires".
    r"|\b(?:if|whether|unless)\s+(?:[\w'-]+\s+){0,3}?(?:had\s+|has\s+|were\s+)?$"
    # Nothing seen of it: "detected no sign that North Korea is sending".
    r"|\bno (?:(?:clear|new|further)\s+)?(?:signs?|indications?|evidence|confirmation)\s+(?:yet\s+)?(?:that|of)\b"
    r"[^.;]{0,60}$",
    _FLAGS,
)
#: A perfect infinitive after a hedge tells a past act ("appears to have ended in failure", "is believed to have
#: fired"), not a plan.
_HEDGED_PAST_BEFORE = re.compile(
    r"(?:\b(?:appears?|appeared|seems?|seemed|believed|thought|said|reported|known|likely|understood|presumed)"
    r"\s+to|\b(?:may|might|could|must))\s+have\s+(?:been\s+)?$",
    _FLAGS,
)
_DECIDED_BEFORE = re.compile(
    r"\b(?:decided|decides|agreed|agrees|began|begun|begins|started|continued|continues) to\s+$", _FLAGS
)
#: After a Japanese or Korean act verb (the language puts them after): a plan, notice, sign or denial.
_UNREAL_AFTER = re.compile(
    # (Not signs of what goes on: "稼働を続けている兆候がある" tells a plant still running.)
    r"^(?!ている(?:兆候|可能性))[^。.]{0,14}?(?:予定|計画|予告|準備|兆候|可能性|恐れ|おそれ|構え|見通し|方針|しようと"
    r"|する(?:と|方針|見込|こと)|^る(?:と|方針|見込|こと)|へ(?:$|[ 。、])|していない|しなかった|なかった"
    # A condition: 発射すれば, 発射したら, 발사하면.
    r"|すれば|したら|するなら|하면|한다면"
    r"|예정|계획|방침|예고|준비|징후|가능성|임박|막바지|전망|할 것|하겠|할 수|하려|통보|우려|하지 않|안 했|없었"
    # What is hard or impossible to do ("TEL 발사 어렵다", "発射するのは難しい"): a capability judged, no act.
    r"|어렵|힘들|불가능|難し|困難"
    # Its timing or window ("발사 시기", "発射時期", "打ち上げ期間"): a launch to come.
    r"|^ ?(?:시기|시점|일정|기간|時期|日程|期間)"
    # A drill's scenario: "弾道ミサイルの発射を想定し", "발사를 가정한".
    r"|を想定|想定し|을 가정|를 가정|상황을 가정|상정"
    # Ordered to be done ("打ち上げるよう指示", "발사하도록 지시"), or put off ("발사 늦춰지나", "打ち上げを延期").
    r"|る?ように?(?:と)?(?:指示|命じ|求め|要求)|하도록|하라고|늦춰|늦어지|연기|미뤄|延期|遅れ|先送り"
    # A headline's act ordered ("計画通りの打ち上げ指示", "발사 지시"): to be done.
    r"|^(?:を|를|을)? ?(?:指示|지시))",
)
_PAST_AFTER = re.compile(r"(?:し|され)?(?:てい)?た|しました|されました|했|한|됐|되었|하였")
#: Japanese and Korean nouns of acts that are verbs with する / 하다 after them, and nouns with a particle.
VERBAL_NOUNS = frozenset(
    [
        "視察",
        "시찰",
        "発射",
        "試射",
        "진행",
        "打ち上げ",
        "実施",
        "強行",
        "砲撃",
        "派遣",
        "派兵",
        "窃取",
        "通過",
        "발사",
        "실시",
        "감행",
        "강행",
        "포격",
        "파병",
        "파견",
        "탈취",
        # Goods seized: 東京港で押収.
        "押収",
        # Arms given, handed over, exported: 武器供与で, 무기 제공 관련.
        "供与",
        "提供",
        "移転",
        "輸出",
        "제공",
        "이전",
        "수출",
    ]
)
_NOUN_AFTER = re.compile(
    r"(?:에|를|을|은|는|가|의|로|와|과|및|도|に|を|は|が|の|と|へ|で|も|など|や)(?![가-힣])|(?:について|に対|에 대)"
    # Part of a name: 潜水艦発射弾道ミサイル, 발사대 (a launcher), 발사장 (a launch site), 발사체 (a vehicle).
    r"|(?:弾道|탄도|型|형|台|대(?![응해])|管|관|場|장(?!면)|体|체|車|차량|拠点|基地|施設|能力|地点|装置|기지|시설|"
    r"능력|지점)"
    # Where or how ready it would be done ("발사 위치서 철수", "발사 태세"): a noun.
    r"| ?(?:위치|태세|원점)|(?:位置|態勢)"
    # What a statement is about: ICBM発射巡り談話, 발사 관련.
    r"|(?:巡り|めぐ|をめぐ|関連|に関|について| ?관련| ?문제)"
    # What a reaction answers: 발사 규탄, 発射を非難.
    r"|(?: ?(?:강력 ?|강력히 ?|거듭 ?)?(?:규탄|비난)|を?(?:強く)?非難)"
    # The time since it ("발사 실패 하루 만에", "発射から3日"): a mark of when, not the act told.
    r"|(?: ?(?:실패|성공))? ?(?:하루|이틀|사흘|나흘|닷새|엿새|이레|열흘|보름|\d+ ?(?:일|주|주일|개월|달|년|시간)) ?만에"
    r"|(?:失敗|成功)?から"
)
#: After a Japanese or Korean act: a case supposed ("グアムに向けて発射した場合", "발사했을 경우").
_CASE_AFTER = re.compile(r"^(?:した|された|する|される|했을|됐을|할|될|한|된)?\s?(?:場合|경우)")
#: 발사할, 발사하려: not done; 실시한다고 (밝혔다), 실시하기로: announced or decided, to come (as する(?:と|こと)).
_UNREAL_AFTER_KO = re.compile(r"^(?:할|하려|하겠|한다고|한다는|하기로)")
#: Before a Japanese or Korean act: soon, to come ("6월에 곧 발사", "近く発射", "조만간 발사").
_UNREAL_BEFORE_CJK = re.compile(
    r"(?:곧|조만간|머지않아|近く|近いうちに|まもなく|間もなく|近日中に?)\s?(?:を|를|을)?$"
    # Next week or month, a few words before ("来月「衛星打ち上げ」発表", "다음 달 위성 발사"): to come.
    r"|(?:来月|来週|翌月|내달|다음 ?달|다음 ?주)(?:にも|に|중|께)?\s?[^。、.,\n]{0,10}$"
)
#: "De facto" at a quotation's start, before a launch's noun: how a government names an announced satellite launch.
_DE_FACTO_QUOTED = re.compile(r"[“「『\"'\u2018](?:事実上の?|사실상(?:의)?)\s?[^“”「」『』\"'\u2018\u2019。]{0,15}$")
_CLOSING_QUOTES = frozenset("”」』\"'\u2019")
#: A Japanese or Korean subject's particle right after a state's name ("北朝鮮は", "北朝鮮が", "북한이", "북한은").
_SUBJECT_AFTER = re.compile(r"(?:は|が|이|가|은|는)(?![가-힣])")
#: A line that is a note, not the story: a wire's update note in brackets, a broadcast script's cue.
_NOTE_LINE = re.compile(r"\s*(?:\([^()\n]{2,200}\)|<[^<>\n]{1,20}>|\[[^\[\]\n]{1,20}\]|【[^【】\n]{1,20}】)\s*")
#: A line that is one short question (a Q&A story's heading).
_QUESTION_LINE = re.compile(r"\s*[^.。!\n?\uff1f]{3,100}[?\uff1f]\s*")
#: Frames in which an event's words tell no act: images, parades, ground tests, anniversaries, notices.
FRAMES: tuple[tuple[str, Pattern], ...] = (
    (
        # An act its alleged doer denies ("rejected U.S. accusations that it was behind the WannaCry attack").
        "denial",
        _rx(
            r"\b(?:rejected|rejects|denied|denies|dismissed|dismisses|refuted)\b(?:U\.S\.|[^.]){0,30}\b(?:accusations?"
            r"|allegations?|claims?|charges?|suggestions?|reports?|assertions?)\b"
            r"|\bden(?:ied|ies|y) (?:any )?(?:involvement|responsibility|being behind)"
            # The doer denying its own act ("a Russian diplomat denied that Moscow had violated UN sanctions").
            r"|\bden(?:ied|ies|y) (?:that )?(?:it|they|Moscow|Russia|Pyongyang|North Korea|the North"
            r"|(?:her|his|its|their) (?:country|government|nation))\b"
            r"|\bden(?:ied|ies|y) (?:breaching|violating|sending|supplying|shipping|receiving|buying|having)\b"
            r"|関与を否定|(?:疑惑|主張|指摘|発表|報道)を[^。]{0,20}(?:否定|否認)|관여를? 부인"
            # (An accusation, a claim or an announcement naming it: "…배후로 지목한 미국 정부 발표를 정면으로 부인".)
            r"|(?:의혹|주장|발표|보도)(?:을|를)?[^.]{0,20}(?:부인|일축)"
            r"|설을? (?:정면 ?)?(?:부인|일축)"
            # The act itself denied ("denies Sony hack"), or the accusation called false ("called the accusations
            # groundless slander").
            r"|\bden(?:ied|ies|y)\b (?:the |a |any |its )?(?:[\w-]+ ){0,2}(?:hacks?|attacks?|cyberattacks?|thefts?"
            r"|heists?|transfers?|shipments?|deliveries|sales)\b"
            # ... or a part in it ("denies Sony and WannaCry role").
            r"|\bden(?:ied|ies|y)\b (?:[\w-]+ ){0,4}(?:role|roles|part|links?|connection|involvement)\b"
            r"|\b(?:accusations?|allegations?|claims?|charges?)\b[^.]{0,120}\b(?:groundless|baseless|slander\w*|"
            r"fabricat\w*)"
        ),
    ),
    (
        # An announcement of a launch that was a mistake, withdrawn: what it announced did not happen.
        "retraction",
        _rx(
            r"\bfalse alarm\b|\bmistakenly (?:announced|reported|sent|broadcast|flashed)\b"
            r"|\berroneous(?:ly)? (?:announce\w*|report\w*|sent|broadcast\w*)"
            r"|\b(?:retracted|withdrew) (?:the |its |an? |that )?(?:statement|announcement|report|claim)\b"
            r"|\b(?:was|were) (?:a |an? honest )?mistakes?\b|\bsent (?:by|in) (?:mistake|error)\b"
            r"|誤発表|誤配信|誤って[^。]{0,8}(?:発表|伝達|配信|速報|送信|発信)|発表を(?:取り消|撤回)|取り消した|撤回した"
            # A report of the day corrected ("「日本上空通過」を訂正").
            r"|」を訂正|」(?:을|를) 정정"
            r"|오보|잘못 (?:발표|전달)|발표를 (?:취소|철회|정정)"
            # A paper's corrections of its earlier articles ("Corrections & Amplifications", "an article ...
            # incorrectly gave the altitude as ..."): the correction is the news, not the act corrected.
            r"|\bCorrections (?:&|and) Amplifications\b|\bincorrectly (?:said|gave|stated|reported|described|attributed"
            r"|identified|called)\b"
        ),
    ),
    (
        "imagery",
        _rx(
            r"\b(?:satellite|commercial|planet|maxar|airbus)\s+(?:imagery|images?|photos?|photographs?|pictures?|"
            r"observations?)\b"
            # (Images a satellite's programme released: "偵察衛星開発の試験画像".)
            r"|\bimagery\b|衛星[^。、]{0,8}(?:画像|写真)|위성[^.,]{0,8}(?:사진|영상|이미지)"
        ),
    ),
    (
        # A launch's remains salvaged or examined afterwards: its debris tells of a launch already reported.
        "wreckage",
        _rx(
            r"\b(?:debris|wreckage|remains|fragments?)\b[^.]{0,40}\b(?:recovered|salvaged|retrieved|raised|analy[sz]ed)\b"
            r"|\b(?:recovers?|recovered|salvages?|salvaged|retrieves?|retrieved|raises|raised)\b[^.]{0,40}"
            r"\b(?:debris|wreckage)\b"
            r"|残骸[^。]{0,20}(?:回収|引き揚げ|引き上げ|分析)|잔해[^.]{0,20}(?:인양|수거|회수|분석)"
        ),
    ),
    (
        "parade",
        _rx(
            r"\bparade[sd]?\b|\bdisplayed\b|\bshowcased\b|\bunveiled\b|\bexhibition\b|パレード|閲兵|열병식"
            # A weapons exhibition ("兵器展示会「国防発展―2024」", "무장장비전시회").
            r"|展示会|展覧会|展示され|전시회|전람회|전시된"
        ),
    ),
    (
        "ground test",
        _rx(
            r"\b(?:ground|static)[- ](?:jet |firing |fire |ejection )?tests?\b"
            r"|\b(?:engine|motor)s? (?:ground )?tests?\b"
            r"|\btest(?:ed|s|ing)? (?:a |an |the |its |new )?(?:[\w-]+ ){0,3}(?:engine|motor|thruster)s?\b"
            r"|燃焼(?:試験|実験)|地上噴射|エンジン[^。]{0,12}(?:試験|実験)"
            r"|지상분출|분출시험|연소시험|엔진 ?(?:시험|연소)"
        ),
    ),
    ("notice", _rx(r"\bnotif(?:y|ied|ies|ication)\b|\bnotice\b|\blaunch window\b|予告|通報|통보|예고")),
    # A memorial to those who did it: its act is what is remembered ("a museum for troops who fought in Kursk").
    (
        "memorial",
        _rx(
            r"\b(?:memorial|museum|monument|cemetery|groundbreaking)\b|기념관|추모관|추모비|기념비|記念館|追悼施設|記念碑"
        ),
    ),
    (
        "council",
        _rx(r"\bSecurity Council\b|\bresolution\b|安保理|安全保障理事会|決議|안보리|안전보장이사회|결의안"),
    ),
    (
        "anniversary",
        _rx(
            # (Not a comparison with then: "than a year ago".)
            r"\banniversary\b|(?<!than a )(?<!than two )(?<!than )\byears? ago\b"
            r"|\b(?:years|a decade) (?:after|since|on)\b"
            # A year on ("A year after the Bybit heist", "One year ago today").
            r"|^(?:a|one) year (?:after|on from|since)\b|\bone year ago today\b"
            r"|周年|年前(?!より|に比べ)|から\d+年|\d+年と(?:なっ|な)"
            r"|주년|년 전(?!보다)|년이 ?(?:됐|지났|흘렀)"
            # "첫 ICBM 발사 5년", "DMMビットコイン流出1年": N years of (since) an act.
            r"|(?:발사|실험|시험발사|핵실험|도발|선언) \d+년(?![0-9]| ?(?:전|만|간|째|도|의|에))"
            r"|(?:流出|発射|実験|派兵|攻撃|窃取|事件|宣言)\d+年(?![0-9]|前|間|ぶり|目|度|の|に|で|ま|以)"
        ),
    ),
    (
        "analysis",
        _rx(
            r"^\W*(?:Analysis|Explainer|Opinion|Commentary|Q&A|Factbox|Timeline|Editorial)\b|\?\W*$|\uff1f\W*$"
            r"|^\W*(?:解説|分析|社説|해설|분석|사설)\W|振り返|(?<!画像)(?<!写真)を分析|総括|결산|되짚|돌아보"
            r"|\bwhat (?:it|that|this) means\b|\bwhat (?:analysts|experts) (?:think|say|make of)\b"
            r"|\bwhat (?:19|20)\d\d (?:showed|brought|taught)\b|\byear in review\b"
            # A film looking back at old launches.
            r"|\bdocumentar(?:y|ies)\b|\brevisit(?:s|ing|ed)?\b|\bretrospective\b|ドキュメンタリー|記録映画|기록영화|다큐멘터리"
        ),
    ),
    (
        # An official document reviewing the threat (a defence white paper, a strategy), not an act.
        "document",
        _rx(
            r"\bwhite paper\b|\bdefen[cs]e (?:review|strategy)\b|\bnational security strategy\b"
            r"|白書|国家安全保障戦略|防衛計画の大綱|국방백서|안보전략서"
        ),
    ),
    (
        "preparation",
        # "ready to launch", not "ready for mass production" (a weapon declared ready after its test).
        _rx(
            r"\bprepar(?:ing|ation|ations|ed|es)\b|\bready (?:to|for) (?:an? |the |another )?(?:launch|fir|test|lift)"
            # A rocket stood on its pad, being fuelled.
            r"|\b(?:erected|standing|stood|placed|mounted) on (?:the |its )?(?:launch )?pad\b|\bfuel(?:l)?ing\b"
            r"|発射台に(?:設置|据え|立て)|燃料注入|발사대에 (?:세워|설치|장착|기립)|연료 ?주입"
            r"|\bbuild-?up\b|準備|兆候|준비|징후|임박"
        ),
    ),
    (
        "meeting",
        _rx(
            # (Not a closed-door briefing of a parliamentary committee: where an intelligence service discloses; nor
            # a council's name: "러시아 국가안보회의 … 서기".)
            # (Nor a video call a scam stages: "a fake Zoom meeting".)
            r"\bmet\b|(?<!closed-door )(?<!parliamentary )(?<!fake )(?<!Zoom )(?<!video )(?<!online )\bmeetings?\b"
            r"|\bsummit\b|\btalks\b"
            r"|(?<!closed-door )\bsession\b|\bdiscuss\w*|\bhearing\b|\bconference\b"
            r"|会談|(?<!非公開)(?<!委員会の)会合|協議|首脳|회담|논의"
            r"|(?<!비공개 )(?<!위원회 )(?<!정보위 )(?<!안보)(?<!안전보장)회의"
            r"|정상(?:회담|회의)"
        ),
    ),
    (
        # A court's verdict on a case already told (a sentence, a guilty plea), not a new act.
        "court",
        _rx(
            r"\bsentenced\b|\bsentencing\b|\bpleaded guilty\b|\bconvicted\b|\bverdict\b|\bjailed\b"
            # A ship or funds forfeited by a court's order ("ordered the forfeiture of an oil tanker").
            r"|\b(?:ordered|orders|granted|grants|entered|enters) (?:the |a )?forfeiture\b"
            r"|\bforfeiture (?:order|judgment)\b"
            r"|判決|有罪|没収を命じ|선고|징역|몰수 ?판결"
        ),
    ),
    (
        "designation",
        _rx(
            # Sanctions imposed, not sanctions broken ("prohibited by U.N. sanctions", "in violation of sanctions").
            r"\b(?:imposed|imposes|imposing|impose|announced|announces|new|slapped|adds|added|expanded|unilateral"
            r"|fresh|tougher|approved|approves|adopted|adopts|tighten(?:s|ed|ing)?|toughen(?:s|ed|ing)?"
            r"|widen(?:s|ed|ing)?|extend(?:s|ed|ing)?)\b[^.]{0,25}\bsanctions\b"
            # (Not sanctions flouted "with" or "through" what is named: "flouting sanctions with ... ship-to-ship".)
            r"|\bsanction(?:ed|ing|s)? (?:on |against )?(?:the |a |an |its |(?!(?:with|through|in|by|via)\b)[\w.'-]+ )"
            r"{0,4}?(?:group|firms?|compan\w*"
            r"|individuals?|entit\w*|networks?|people|vessels?|ships?|banks?|officials?|persons?|hackers?)\b"
            r"|\bsanctions? list\b"
            r"|\bdesignat(?:ed|es|ion|ing)\b|\bblacklist|\basset freeze|\bfr(?:eez(?:e|es|ing)|oze|ozen)\b"
            # A bank or a market cut off from the dollar ("a primary money-laundering concern", FinCEN's section 311).
            r"|\bprimary money[- ]laundering concern\b|\b(?:cut|sever)\w*\b[^.]{0,40}\b(?:off )?from the (?:U\.S\. )?"
            r"(?:dollar|financial) system\b"
            r"|制裁(?:を|対象|指定|措置|を科|を発動)|独自制裁|資産凍結"
            r"|제재(?:를|대상|안|조치|부과|지정)|독자 ?제재|지정"
        ),
    ),
)
#: English act verbs that tell no launch, test or firing: a launch type named beside them is another act's object
#: ("DPRK-supplied ballistic missiles" is a transfer).
NOT_FIRING = frozenset(
    [
        "restarted",
        "resumed",
        "expanded",
        "enriched",
        "공개했",
        "공개한",
        "公開し",
        "captured",
        "fighting",
        "handed",
        "ferried",
        "ferrying",
        "引き渡",
        "供与",
        "送っ",
        "送り込ん",
        "運び込",
        "보냈",
        "보낸",
        "넘겨",
        "넘긴",
        "제공했",
        "제공한",
        "공급했",
        "imported",
        "lashed",
        "took on",
        "transferring",
        "exporting",
        "smuggling",
        "visited",
        "toured",
        "inspected",
        "showed",
        "revealed",
        "disclosed",
        "視察",
        "시찰",
        "supplied",
        "provided",
        "provides",
        "shipped",
        "delivered",
        "transferred",
        "sold",
        "gave",
        "deployed",
        "deploys",
        "dispatched",
        "transported",
        "arrived",
        "fought",
        "attacked",
        "stole",
        "steals",
        "hacked",
        "laundered",
        "loaded",
        "exported",
        "smuggled",
        "joined",
        "observed",
        "spotted",
        "seized",
        "seizes",
        "impounded",
        "impounds",
        "detained",
        "intercepted",
        "confiscated",
        "charged",
        "indicted",
        "attribute",
        "attributes",
        "attributed",
        "blamed",
        "activated",
        "established",
        "held",
        "holds",
    ]
)
#: Words of a reaction to an act: a condemnation of "the launch today" answers a new act.
REACTION = _rx(r"\bcondemn\w*|\bdenounc\w*|\bdeplor\w*|非難|抗議|규탄")
#: Frames an act verb of the DPRK overrides ("sanctions came after Pyongyang fired ..." is background anyway).
SOFT_FRAMES = frozenset({"designation", "meeting", "council"})
#: Where a clause of context begins after an act ("..., as North Korea is suspected of preparing a test"): its
#: frame words are that clause's, not the act's.
TRAILING_CONTEXT = re.compile(r"[,;]\s*(?:as|while|amid|even as|at a time when)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Clause:
    start: int
    end: int
    #: Why it tells of another time than the story's own (the cue's words), or None.
    background: str | None
    #: Whether that only says when (a date some days old, "last month", "in 2023"): an incident disclosed late,
    #: a theft revealed, is still news.
    dated: bool = False


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    paragraph: int
    role: Role
    clauses: tuple[Clause, ...]

    @property
    def own(self) -> tuple[int, int] | None:
        """The span of the clauses that tell of the story's own time (background, once begun, goes on to the
        sentence's end: they are its beginning), or None."""
        # (A first clause naming only the act the story's follows leaves the rest its own: "북한은 오물풍선 살포에
        # 이어 | 오늘 … 발사했다".)
        first = 0
        while first < len(self.clauses) - 1 and self.clauses[first].background in FOLLOWING:
            first += 1
        start = self.clauses[first].start if first else self.start
        end = next((c.start for c in self.clauses[first:] if c.background is not None), self.end)
        return (start, end) if end > start else None

    @property
    def disclosed(self) -> tuple[int, int] | None:
        """The own span, with the clauses that only name a date some days old: where a late disclosure (a theft,
        a transfer, a deployment revealed after the fact) tells its incident."""
        end = next((c.start for c in self.clauses if c.background is not None and not c.dated), self.end)
        return (self.start, end) if end > self.start else None

    @property
    def background(self) -> str | None:
        """Why the whole sentence is background (its first clause is), or None."""
        return self.clauses[0].background if self.clauses else None


def _sentence_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The sentences of text[start:end], as spans."""
    begin = start
    for m in _SENTENCE_END.finditer(text, start, end):
        stop = m.end()
        if m.group() == ".":
            word = _WORD_BEFORE.search(text, max(start, m.start() - 12), m.start())
            token = (word.group(1) if word else "").lower().strip(".")
            if token in {"a.m", "p.m"}:
                if _TIME_TAILS.match(text, stop) or not re.match(r"\s+[A-Z\"“]", text[stop:]):
                    continue
            elif (
                token in ABBREVIATIONS
                or (len(token) == 1 and token.isalpha())
                or (
                    m.start() > 0
                    and text[m.start() - 1].isdigit()
                    and stop < end
                    and text[stop : stop + 2].strip()[:1].isdigit()
                )
            ):
                continue
        # A quotation of several sentences is one sentence with what frames it ('"Rules must be binding.
        # Violations must be punished," Obama said on Sunday, hours after North Korea fired ...').
        if _open_quote(text, begin, _QUOTE_TAIL.match(text, stop).end(), end):
            continue
        if text[begin:stop].strip():
            yield begin, stop
        begin = stop
    if text[begin:end].strip():
        yield begin, end


#: Quotation marks a sentence's end may carry after it.
_QUOTE_TAIL = re.compile("[\"'\u201d\u2019\u300d\u300f)]*")
#: Opening and closing quotation marks ('"' both).
_QUOTES = (("\u201c", "\u201d"), ('"', '"'), ("\u300c", "\u300d"), ("\u300e", "\u300f"))


def _open_quote(text: str, begin: int, stop: int, end: int) -> bool:
    """Whether text[begin:stop] leaves a quotation open that closes later in text[stop:end]."""
    span = text[begin:stop]
    for opening, closing in _QUOTES:
        opened = span.count(opening) % 2 == 1 if opening == closing else span.count(opening) > span.count(closing)
        if opened and text.find(closing, stop, end) != -1:
            return True
    return False


#: A dateline: a place in capitals, perhaps its country and a date, perhaps the agency, then a dash.
_DATELINE = re.compile(
    r"\s*(?:[A-Z][A-Z .'-]{2,}(?:,\s*[^()\n,]{1,30}){0,2}\s*(?:\([^)\n]{1,40}\))?"
    # or a place in capitalised words with the agency: "Seoul (CNN) -"
    r"|[A-Z][a-z]+(?: [A-Z][a-z]+)?(?:,\s*[^()\n,]{1,30})?\s*\([^)\n]{1,40}\))\s*(?:[-\u2014\u2013]{1,2}|:)\s"
)

#: Places of Korea and Japan a dateline names (the Korean agencies' own datelines too: "(서울=연합뉴스)").
_KOREA_JAPAN_PLACE = re.compile(
    r"\b(?:SEOUL|TOKYO|PYONGYANG|BUSAN|INCHEON|PAJU|OSAKA|NAHA|SAPPORO|Seoul|Tokyo|Pyongyang|Busan|Osaka)\b"
)


def _is_heading(line: str) -> bool:
    """A short line that ends no sentence: a heading."""
    return len(line) <= 60 and not re.search(r"[.!?。\uff01\uff1f]\s*[\"'”\u2019」)]*\s*$", line)


def _clause_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, begin = [], start
    for m in _CLAUSE_END.finditer(text, start, end):
        if text[begin : m.start()].strip():
            spans.append((begin, m.start()))
            begin = m.end()
    if text[begin:end].strip() or not spans:
        spans.append((begin, end))
    return spans


def _act_verbs(text: Text, start: int, end: int) -> Iterator[re.Match[str]]:
    pos = start
    while (m := ACT.search(text, pos, end)) is not None:
        yield m
        pos = m.end()


class Mood(StrEnum):
    """How an act verb is told."""

    ACT = "act"  # done: "fired", "launches" (a headline's present), 発射した, 발사했다
    UNREAL = "unreal"  # not done, or not yet: "plans to launch", "did not fire", 発射する予定, 발사할 것
    NOUN = "noun"  # named, not told: "the launch", "a test-fire"


ATTRIBUTIONS = frozenset(
    {"attribute", "attributes", "attributed", "blamed", "was behind", "were behind", "is behind", "are behind"}
)
#: English verb forms that are nouns too ("the launch", "its repeated launches") unless a subject stands before.
_BASE_FORMS = frozenset(
    [
        "launch",
        "launches",
        "fire",
        "fires",
        "test-fire",
        "test-fires",
        "tests",
        "conduct",
        "conducts",
        "send",
        "sends",
        "deploy",
        "deploys",
        "steal",
        "steals",
        "ship",
        "stages",
    ]
)
_SUBJECT_BEFORE = re.compile(
    r"\b(?:it|they|Pyongyang|Korea|the North|Seoul|Japan|Tokyo|China|Beijing|Russia|Moscow|Washington|U\.S\.|US"
    r"|Iran|India|military|army|navy|forces|KPA)\s*(?:(?:again|also|reportedly|now)\s+)?$",
    _FLAGS,
)


#: After "sub-launched", "air-launched": the weapon the compound names (not "flight-tested a missile").
_COMPOUND_NOUN_AFTER = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:ballistic|cruise|missiles?|rockets?|weapons?|ICBMs?|SLBMs?|projectiles?)\b",
    re.IGNORECASE,
)


def mood(raw: str, verb: re.Match[str], start: int) -> Mood:
    """How an act verb is told: a modal or a plan before it (English) or a notice, plan or denial after it
    (Japanese, Korean) make it unreal; an English base form with no subject before it is a noun."""
    before = raw[max(start, verb.start() - 40) : verb.start()]
    if verb.group().lower() in ATTRIBUTIONS:  # "to attribute the theft to ...": attributing is the act told
        return Mood.ACT
    if verb.group().isascii():
        if before.endswith("-") and _COMPOUND_NOUN_AFTER.match(raw, verb.end()):
            return Mood.NOUN  # "a sub-launched missile", "air-launched cruise missiles": part of a weapon's name
        if _DECIDED_BEFORE.search(before) or _HEDGED_PAST_BEFORE.search(before):  # "has decided to send"
            return Mood.ACT
        if _ATTEMPT_BEFORE.search(before):  # "its fourth attempt to put a satellite into orbit ended in ...": made
            return Mood.ACT
        if _UNREAL_BEFORE.search(before):
            return Mood.UNREAL
        if verb.group().lower() in _BASE_FORMS and not _SUBJECT_BEFORE.search(before):
            return Mood.NOUN
        return Mood.ACT
    after = raw[verb.end() : verb.end() + 20]
    if _UNREAL_BEFORE_CJK.search(before):  # 곧 발사, 近く発射: to come
        return Mood.UNREAL
    if verb.group() in VERBAL_NOUNS and _NOUN_AFTER.match(after):  # 発射に対し, 발사에 대응해: a noun
        return Mood.NOUN
    # A government's name for a launch, quoted ("政府“事実上のミサイル発射”"): what it calls one, no act told.
    if verb.group() in VERBAL_NOUNS and _DE_FACTO_QUOTED.search(before) and after[:1] in _CLOSING_QUOTES:
        return Mood.NOUN
    if _UNREAL_AFTER_KO.match(after):  # (before the past's 한: 실시한다고 is to come)
        return Mood.UNREAL
    if _CASE_AFTER.match(after):  # (before the past's した: "発射した場合" is a case supposed)
        return Mood.UNREAL
    if _PAST_AFTER.match(after):  # done, however hedged: 発射した可能性, 実施していた模様, 발사한 것으로
        return Mood.ACT
    return Mood.UNREAL if _UNREAL_AFTER.search(after) else Mood.ACT


Spanned = TypeVar("Spanned", Sentence, Clause)


def _containing(spans: tuple[Spanned, ...], position: int) -> Spanned:
    """The span holding a position (the last one for a position past them all)."""
    return next((span for span in spans if span.start <= position < span.end), spans[-1])


class Reading:
    """A report cut into sentences and clauses, each with its role and whether it is background."""

    def __init__(self, text: Text, title_end: int | None, published: date, day_of: DayOf | None = None) -> None:
        self.text = text
        #: Whether the text has any Japanese or Korean (the patterns of those languages alone need it).
        self._cjk = not text.raw.isascii()
        self.published = published
        self._day_of = day_of
        self._actors: dict[tuple[int, int], list[tuple[str, re.Match[str], bool]]] = {}
        #: The day the title or lede names for the story's act, once one has: a body clause naming a day two or
        #: more before it tells another event, even one of these days ("On Sunday" under Tuesday's lede).
        self._headline_day: date | None = None
        raw = text.raw
        sentences: list[Sentence] = []
        paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", raw)]
        # A release's heading lines ("北朝鮮のミサイル等関連情報(第1報)", its date, the ministry) are its title.
        headings = 0
        while headings < len(paragraphs) - 1 and (
            (title_end is not None and paragraphs[headings][0] < title_end)
            or _is_heading(raw[slice(*paragraphs[headings])])
        ):
            headings += 1
        if headings:
            title_end = paragraphs[headings - 1][1]
        lede_paragraph = headings
        # An editor's or a broadcast's note on a line of its own ("(Adds Japanese ministry altitude)", "<앵커 멘트>")
        # comes before the lede.
        while lede_paragraph + 1 < len(paragraphs) and _NOTE_LINE.fullmatch(raw, *paragraphs[lede_paragraph]):
            lede_paragraph += 1
        # A question-and-answer story's first line is its first question ("What happened?"): the lede is the answer.
        if lede_paragraph + 1 < len(paragraphs) and _QUESTION_LINE.fullmatch(raw, *paragraphs[lede_paragraph]):
            lede_paragraph += 1
        for number, (p_start, p_end) in enumerate(paragraphs):
            in_background = False
            for k, (s_start, s_end) in enumerate(_sentence_spans(raw, p_start, p_end)):
                if title_end is not None and p_start < title_end:
                    role = Role.TITLE
                elif number == lede_paragraph and k < LEDE_SENTENCES:
                    role = Role.LEDE
                else:
                    role = Role.BODY
                # A paragraph's background goes on until a sentence anchors itself in the story's time again, or
                # the military tells what it detected.
                if in_background and (NOW.search(text, s_start, s_end) or _REPORTER_TOPIC.match(raw, s_start)):
                    in_background = False
                # A body sentence pointing back at the last one's other event ("... an ICBM on Thursday. That missile
                # appears to have failed") goes on with it.
                if (
                    role == Role.BODY
                    and sentences
                    and sentences[-1].paragraph == number
                    and sentences[-1].clauses[-1].background is not None
                    and _REFERS_BACK.match(raw, s_start)
                ):
                    in_background = True
                if role != Role.BODY:
                    # Before the sentence's clauses are judged: its own background cues compare days with it.
                    self._note_headline_day(s_start, s_end)
                clauses: list[Clause] = []
                for c_start, c_end in _clause_spans(raw, s_start, s_end):
                    cue = None if in_background else self._background_cue(c_start, c_end, (s_start, s_end), role)
                    dated = bool(cue and cue[1]) or (in_background and bool(clauses) and clauses[-1].dated)
                    if in_background or cue:
                        in_background = True
                    words = cue[0] if cue else "the background before it"
                    clauses.append(Clause(c_start, c_end, words if in_background else None, dated))
                    if cue and cue[0] in FOLLOWING:
                        # The act it follows is this clause's alone: what follows it is the story's.
                        in_background = False
                    if (
                        cue
                        and cue[0].endswith(("受け", "受けて"))
                        and len(clauses) > 1
                        and clauses[-2].background is None
                        and _RUNS_ON.search(raw, clauses[-2].start, clauses[-2].end)
                    ):
                        # The event a reaction answers may begin a clause before ("…発射し、…落下させるなど挑発行為を
                        # 繰り返していることを受けて"): the clause run on into it is that event too.
                        clauses[-2] = Clause(clauses[-2].start, clauses[-2].end, cue[0], False)
                # Background goes on into the paragraph's next sentences only from a sentence that is background
                # from its start ("In 2017 it fired ... It flew ..."), not from one that tails off into it ("it was
                # cold-launched, adapting technology tested last August. It flew about 500 km"). The title's and
                # the lede's background stays in their sentence.
                if role != Role.BODY or clauses[0].background is None:
                    in_background = False
                sentences.append(Sentence(len(sentences), s_start, s_end, number, role, tuple(clauses)))
        self.sentences = tuple(sentences)
        #: Where each paragraph's dateline is ("SEOUL, South Korea (AP) -"): it names where the story was written.
        self.datelines = [
            (m.start(), m.end()) for start, _ in paragraphs if (m := _DATELINE.match(raw, start)) is not None
        ]
        #: Whether the story was written in Korea or Japan (its first dateline names a place there): its clock times
        #: are that zone's (UTC+9) when the text names none.
        self.written_in_korea_or_japan = bool(self.datelines) and bool(
            _KOREA_JAPAN_PLACE.search(raw, *self.datelines[0])
        )
        # Each sentence's name in explanations: "title", "lede sentence 1", "body sentence 4".
        counted = {role: 0 for role in Role}
        self._names: list[str] = []
        for sentence in self.sentences:
            counted[sentence.role] += 1
            name = f"{sentence.role.value} sentence {counted[sentence.role]}"
            self._names.append("title" if sentence.role == Role.TITLE else name)
        #: The title and lede sentences: where a story tells its new event.
        self.headline = tuple(s for s in self.sentences if s.role != Role.BODY)

    def _note_headline_day(self, start: int, end: int) -> None:
        """Take the earliest day a title or lede sentence's clauses name ("said Thursday it had fired ... on
        Wednesday": the act's) as the headline's day, if it is earlier; not a dateline's ("SEOUL, May 31 (Reuters)
        -": the day it was written), nor a day further back than a story's own act may be."""
        if self._day_of is None:
            return
        dateline = _DATELINE.match(self.text.raw, start)
        for c_start, c_end in _clause_spans(self.text.raw, dateline.end() if dateline else start, end):
            named = self._day_of(c_start, c_end)
            if named is not None and 0 <= (self.published - named[0]).days <= MAX_OWN_DAYS:
                day = named[0]
                self._headline_day = min(day, self._headline_day) if self._headline_day else day

    def _background_cue(self, start: int, end: int, sentence: tuple[int, int], role: Role) -> tuple[str, bool] | None:
        """The words that make a clause background, and whether they only say when."""
        text = self.text
        # A clause naming an earlier missile as the same type as the story's ("지난달 발사한 '화성-12형'과 같은 기종",
        # "the same type as the one fired in May") tells what today's is.
        if SAME_TYPE.search(text.raw, start, end):
            return None
        # A tally of many attacks ("少なくとも7回の攻撃", "47 hacks") is a sum, whatever year it names.
        if m := TALLY.search(text, start, end):
            return m.group(), False
        if m := BACKGROUND_WHEN.search(text, start, end):
            # The report's own year is a period (a year's tally: "stole a record $1.34bn in 2024"), not the date of
            # an incident disclosed late.
            year = re.search(r"(?:19|20)\d\d", m.group())
            return m.group(), not (year and int(year.group()) == self.published.year)
        if m := BACKGROUND.search(text, start, end):
            # "since mid-2022", 昨年以降: a period that runs to now only says when a situation disclosed today began;
            # "last year" in a sentence telling what has come to light says when the act disclosed was.
            return m.group(), bool(ONGOING_SINCE.search(text.raw, start, end)) or bool(
                _LAST_YEAR.fullmatch(m.group()) and _REVEALED.search(text, *sentence)
            )
        if (
            self._cjk
            and (m := ANOTHER_EVENT_AT_END.search(text.raw, start, end))
            # (The act a reaction answers, told on the story's own day, is its news: "同日午前に…発射したことを受けて".)
            and not (m["reaction"] and self._of_the_day(start, end))
        ):
            return m.group().strip(), False
        if (
            (m := PLUPERFECT.search(text, start, end))
            and not _REPORTED.search(text.raw, sentence[0], m.start())
            # (Not, in the lede, the day's own act a few hours before what the story opens on: "Hours earlier, North
            # Korea had fired a ballistic missile" after a quotation; in the body it is the day's earlier launch.)
            and not (role != Role.BODY and _HOURS_BEFORE.search(text.raw, sentence[0], end))
        ):
            return m.group(), False
        # A weak cue ("the first test-fire", "its second attempt this year") stays context in a sentence that tells
        # an act or places itself in the story's time.
        if (
            (m := BACKGROUND_WEAK.search(text, start, end))
            and not NOW.search(text, *sentence)
            and not self.acts(*sentence)
        ):
            return m.group(), False
        if self._day_of is not None and (named := self._day_of(start, end)) is not None:
            day, words = named
            earlier = (self.published - day).days > MAX_OWN_DAYS or (
                self._headline_day is not None
                and (self._headline_day - day).days >= 2
                # (Not the same moment in another zone: "at 7:11 am (2211 GMT Tuesday)".)
                and not _ZONE_BEFORE_DAY.search(text.raw, start, max(start, text.raw.find(words, start, end)))
            )
            if earlier and not self._runs_to_now(start, sentence[1]):
                return words, True
        return None

    def _of_the_day(self, start: int, end: int) -> bool:
        """Whether a clause places itself on the story's own day ("同日午前に…発射したことを受けて", "19日に",
        "이날"): the act a reaction answers is then the story's news, not an earlier event."""
        if _SAME_DAY.search(self.text.raw, start, end) or NOW.search(self.text, start, end):
            return True
        ago = self.days_ago(start, end)
        return ago is not None and abs(ago) <= 1

    def _runs_to_now(self, start: int, end: int) -> bool:
        """Whether a span of days begun at `start` runs into the story's time ("from Monday, March 17, through
        Thursday", "17日から20日まで", "17일부터 20일까지"): the drill is still today's."""
        for m in _UNTIL.finditer(self.text.raw, start, end):
            # The day right after the word: "through Thursday", not a date further on.
            if (ago := self.days_ago(m.end(), min(end, m.end() + 20))) is not None:
                return 0 <= ago <= MAX_OWN_DAYS
        return False

    def own_spans(self, sentences: tuple[Sentence, ...] | None = None) -> Iterator[tuple[int, int]]:
        """The own clauses' spans, sentence by sentence (all sentences by default), title and lede first."""
        for sentence in self.sentences if sentences is None else sentences:
            if sentence.own is not None:
                yield sentence.own

    def conjugated(self, verb: re.Match[str]) -> bool:
        """Whether a Japanese or Korean verbal noun goes on as a verb in the past (発射した, 발사했다)."""
        return _PAST_AFTER.match(self.text.raw, verb.end()) is not None

    def in_dateline(self, position: int) -> bool:
        return any(start <= position < end for start, end in self.datelines)

    def sentence_at(self, position: int) -> Sentence:
        return _containing(self.sentences, position)

    def clause_at(self, position: int) -> Clause:
        return _containing(self.sentence_at(position).clauses, position)

    def describe(self, position: int) -> str:
        """Where a position is, as the explanation names it: "title", "lede sentence 1", "body sentence 4"."""
        return self._names[self.sentence_at(position).index]

    # ---------------------------------------------------------------------------------------- actors
    def actors_in(self, start: int, end: int) -> list[tuple[str, re.Match[str], bool]]:
        """The states named in a span: (actor, match, reporter?), in order of position (read once a span)."""
        if (known := self._actors.get((start, end))) is not None:
            return known
        found = []
        raw = self.text.raw
        for name, pattern in ACTORS:
            pos = start
            while (m := pattern.search(self.text, pos, end)) is not None:
                pos = m.end()
                # A dateline ("SEOUL, April 15 (Yonhap) -") names where the story was written: no one acts there
                # (a place in capitals, not a designation such as "DF-41").
                if (m.group().isupper() and m.group().isalpha() and len(m.group()) > 4) or self.in_dateline(m.start()):
                    continue
                after = raw[m.end() : min(end, m.end() + 80)]
                # A place, not a doer: "over Japan", "일본 열도 상공을 가로질러", "日本の排他的経済水域".
                if _PLACE_AFTER.match(after) or _PLACE_BEFORE.search(raw, max(start, m.start() - 30), m.start()):
                    continue
                # Denied as the doer: "북한이 아니라 중국", "not North Korea but China".
                if _NOT_AFTER.match(after) or _NOT_BEFORE.search(raw, max(start, m.start() - 12), m.start()):
                    continue
                # The reporter speaks before it acts: "합참은 '북한은 ... 발사했다'고 밝혔다" makes 합참 the reporter
                # and 북한 the actor, whose own act comes before the speech verb.
                speech = _SPEECH.search(after) or CAUSE_AFTER.search(after)
                reporter = bool(speech and not ACT.search(Text(after), 0, speech.end())) or bool(
                    _ACCORDING.search(raw[max(start, m.start() - 30) : m.start()])
                )
                found.append((name, m, reporter))
        found.sort(key=lambda f: f[1].start())
        self._actors[start, end] = found
        return found

    def actor_of_acts(self, sentence: Sentence, acts: list[re.Match[str]]) -> str | None:
        """Who does the acts a sentence tells as done: the DPRK if it does any of them, else the doer of the first."""
        doers = [self.actor_of(verb, sentence) for verb in acts]
        return "DPRK" if "DPRK" in doers else doers[0]

    def actor_of(self, trigger: re.Match[str], sentence: Sentence) -> str | None:
        """Who does what a trigger names: the nearest state named before it in its sentence that is not only
        reporting (else the nearest after it: "a missile fired by Russia"); a reporter that speaks of its own act
        ("Seoul said it test-fired ..."); the three together in a trilateral clause; else None."""
        mentions = self.actors_in(sentence.start, sentence.end)
        if TRILATERAL.search(self.text, sentence.start, sentence.end):
            named = {name for name, _, _ in mentions}
            if named >= THE_THREE or not named - THE_THREE:
                return TRILATERAL_ACTOR
        raw = self.text.raw
        for name, m, _ in mentions:  # the agent after the words: "the launch by North Korea"
            if m.start() >= trigger.end() and _BY.match(raw, trigger.end(), m.start()):
                return name
            if (
                trigger.group().isascii()
                and m.start() >= trigger.end()
                and _RELATIVE_GAP.fullmatch(raw, trigger.end(), m.start())
                and _RELATIVE_VERB.match(raw, m.end(), sentence.end)
            ):
                return name
        if (both := _BOTH_KOREAS_EXCHANGE.search(raw, sentence.start, trigger.end())) and both.end() <= trigger.end():
            return "DPRK"
        acting = [(name, m) for name, m, reporter in mentions if not reporter]
        before = [
            name
            for name, m in acting
            if m.start() < trigger.start()
            and not (trigger.group().isascii() and _OBJECT_BEFORE_MEANS.match(raw, m.end(), trigger.start()))
        ]
        if not trigger.group().isascii():
            # Japanese and Korean mark the doer with a particle ("북한이 … 미국 국방장관의 방문을 앞둔 … 쏜"): the
            # nearest state so marked before the verb, not one that only qualifies a noun.
            marked = [name for name, m in acting if m.start() < trigger.start() and _SUBJECT_AFTER.match(raw, m.end())]
            if marked:
                return marked[-1]
        if before:
            return before[-1]
        # A reporter before the words that speaks of its own act ("North Korea says it has tested ...") before a
        # state named after them ("... drew condemnation from Seoul").
        for name, m, _ in mentions:
            if m.start() < trigger.start() and _SELF.search(raw, m.end(), min(sentence.end, m.end() + 60)):
                return name
        # Japanese and Korean name the doer before the verb: in a headline a state after it is what the act is
        # about ("군 정찰위성 발사 성공…北 감시 능력 강화": the ROK's satellite, to watch the North).
        after = [name for name, m in acting if m.start() >= trigger.start()]
        if after and not (sentence.role == Role.TITLE and not trigger.group().isascii()):
            return after[0]
        for name, m, _ in mentions:
            if _SELF.search(raw, m.end(), min(sentence.end, m.end() + 60)):
                return name
        return None

    def three_act(self, trigger: re.Match[str], sentence: Sentence) -> bool:
        """Whether Japan, the ROK and the US are all named as acting before the words ("Japan, the United States
        and South Korea held their second Freedom Edge exercise"), or named as the three ("日米韓の3か国は")."""
        if TRILATERAL.search(self.text, sentence.start, trigger.start() + 1):
            return True
        # (Or the words begin with them: "日米韓3カ国は11日、…共同訓練".)
        if (m := TRILATERAL.search(self.text, trigger.start(), trigger.end())) and m.start() == trigger.start():
            return True
        mentions = self.actors_in(sentence.start, trigger.start())
        named = {name for name, _, reporter in mentions if not reporter}
        # Two of them named as a pair ("海上自衛隊と米韓両海軍は", "한미 공군과 일본 항공자위대").
        for pair, states in PAIRS:
            if pair.search(self.text, sentence.start, trigger.start() + 1):
                named |= states
        return named >= THE_THREE

    def story_actor(self, sentence: Sentence) -> str | None:
        """The state the other title or lede sentences make the actor, the nearest earlier first: who "the missile"
        of a sentence that names no one is ("Putin directs drills ... ICBM Yars launched"; a title's "군 정찰위성
        발사" with "우리 군의 ... 정찰위성" in the lede)."""
        earlier = [s for s in self.headline if s.index < sentence.index]
        later = [s for s in self.headline if s.index > sentence.index] if sentence.role == Role.TITLE else []
        for other in [*reversed(earlier), *later]:
            acting = [name for name, _, reporter in self.actors_in(other.start, other.end) if not reporter]
            if acting:
                return "DPRK" if "DPRK" in acting else acting[0]
        return None

    def framed(self) -> tuple[str, str] | None:
        """The first frame of the title and lede (a story told as a parade, a meeting, a designation ...), not
        counting a clause of context after the act ("..., even as it talks with Washington")."""
        for sentence in self.headline:
            tail = TRAILING_CONTEXT.search(self.text.raw, sentence.start, sentence.end)
            if frame := self.frame_of((sentence.start, tail.start() if tail else sentence.end)):
                return frame
        return None

    def frame_of(self, span: tuple[int, int]) -> tuple[str, str] | None:
        """The frame a span of a sentence tells its events in, if it is one that tells no act: (kind, words)."""
        start, end = span
        for kind, pattern in FRAMES:
            if m := pattern.search(self.text, start, end):
                return kind, m.group()
        return None

    def moods(self, start: int, end: int) -> list[tuple[re.Match[str], Mood]]:
        """The act verbs of a span and how each is told."""
        return [(verb, mood(self.text.raw, verb, start)) for verb in _act_verbs(self.text, start, end)]

    def acts(self, start: int, end: int) -> list[re.Match[str]]:
        """The act verbs of a span told as done."""
        return [verb for verb, told in self.moods(start, end) if told == Mood.ACT]

    def anchored(self, sentence: Sentence) -> bool:
        """Whether a sentence places itself in the story's own time ("today", "on Tuesday", 오늘, きょう, a date of
        these days), or, in the lede, another lede sentence does."""
        group = self.headline if sentence.role != Role.BODY else (sentence,)
        for one in group:
            if NOW.search(self.text, one.start, one.end):
                return True
            if (ago := self.days_ago(one.start, one.end)) is not None and 0 <= ago <= MAX_OWN_DAYS:
                return True
        return False

    def days_ago(self, start: int, end: int) -> int | None:
        """How many days before the story's day the day a span names is (a date or a weekday, not "today"), if it
        names one."""
        named = self._day_of(start, end) if self._day_of is not None else None
        return (self.published - named[0]).days if named is not None else None

    def of_today(self, sentence: Sentence) -> bool:
        """Whether the sentence itself names the report's own day ("today", きょう, "on November 18" in a statement
        of that day, a day behind Korea's calendar in Washington)."""
        if NOW.search(self.text, sentence.start, sentence.end):
            return True
        ago = self.days_ago(sentence.start, sentence.end)
        return ago is not None and 0 <= ago <= 1
