"""The facts of incidents other than launches: read from the story's own clauses in three languages, fused across
reports, grouping the reports of one theft or shipment, matched by whose act earns what, shown in the headline and
CAP. Reports are written for these tests from real events' facts."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from launchwatch.schemas import Event, EventType, IllicitActivity, IncidentDetails, Party, TextReport
from launchwatch.storage import Store
from services.alerts.build import headline
from services.alerts.cap import alert_to_cap
from services.ingest.details import cjk_number
from services.ingest.fusion import fuse
from services.ingest.incidents import group, window_of
from services.ingest.normalize import to_event
from services.matcher.catalogue import default_catalogue
from tests.factories import alerted, incident_update

WINDOW = timedelta(hours=1)


def read(title: str, body: str, published: str, source: str = "press-test", language: str = "en") -> Event:
    report = TextReport(
        id=f"r-{abs(hash((title, body))) % 10**8}",
        source=source,
        published_at=datetime.fromisoformat(published),
        title=title,
        body=body,
        language=language,
    )
    return to_event(report)


def details(event: Event) -> dict[str, Any]:
    assert event.details is not None, event
    return event.details.model_dump(exclude_none=True)


BYBIT = read(
    "FBI says North Korea's TraderTraitor hackers took $1.5 billion from Bybit",
    "WASHINGTON - The FBI said on Wednesday that North Korean hackers it tracks as TraderTraitor stole about $1.5 "
    "billion in virtual assets from the Dubai-based exchange Bybit on Feb. 21, the largest crypto theft on record.\n\n"
    "The bureau urged exchanges to block addresses used to launder the ether. In 2022 the same state's hackers were "
    "blamed for draining $600 million from the Ronin Network.",
    "2025-02-26T18:00:00-05:00",
)


def test_a_theft_is_read_with_its_group_victim_and_dollar_sum_not_the_background_one() -> None:
    assert BYBIT.event_type == EventType.CYBER_INCIDENT
    got = details(BYBIT)
    assert got["group"] == "TraderTraitor" and got["victim"] == "Bybit"
    assert got["amount_usd"] == 1.5e9 and got["activity"] == IllicitActivity.THEFT
    assert got["reported_by"] == "FBI"
    span = next(p for p in BYBIT.provenance if p.field == "details.amount_usd")
    assert span.text == "$1.5 billion" and span.clause is not None


def test_japanese_and_korean_thefts_keep_their_own_currency_and_convert_only_dollars() -> None:
    dmm = read(
        "DMMビットコイン流出、北朝鮮「トレーダートレイター」の犯行と警察庁",
        "警察庁は24日、暗号資産交換業者「DMMビットコイン」から5月に約482億円相当のビットコインが流出した事件について、"
        "北朝鮮のハッカー集団「トレーダートレイター」による犯行と特定したと発表した。",
        "2024-12-24T17:00:00+09:00",
        source="press-nhk",
        language="ja",
    )
    got = details(dmm)
    assert (got["group"], got["amount"], got.get("amount_usd")) == ("TraderTraitor", "482億円", None)
    assert got["reported_by"] == "Japan National Police Agency"
    upbit = read(
        '경찰 "2019년 업비트 이더리움 탈취는 북한 라자루스 소행"',
        "경찰청 국가수사본부는 21일 2019년 11월 가상자산 거래소 업비트에서 이더리움 34만2천개가 탈취된 사건이 북한 "
        "해킹조직 라자루스와 안다리엘의 소행이라고 밝혔다. 당시 시세로 약 580억 원 규모다.",
        "2024-11-21T12:00:00+09:00",
        source="yonhap",
        language="ko",
    )
    got = details(upbit)
    assert got["group"] == "Lazarus" and got["victim"] == "업비트" and got["activity"] == IllicitActivity.THEFT


def test_numbers_written_with_myriads() -> None:
    assert cjk_number("3億800万") == 308_000_000
    assert cjk_number("1만 2천") == 12_000
    assert cjk_number("482億") == 48_200_000_000
    assert cjk_number("1,500") == 1_500


ESPIONAGE = read(
    "North Korea's Kimsuky read former ministers' e-mails for months, police say",
    "SEOUL - Hackers of North Korea's Kimsuky group monitored the e-mails of former South Korean officials and "
    "security experts for months after luring them to fake login pages, the National Police Agency said Wednesday.\n\n"
    "The group is separate from the units blamed for stealing cryptocurrency worth billions of dollars.",
    "2023-06-07T10:00:00+09:00",
    source="yonhap",
)


def test_espionage_is_a_cyber_incident_that_earns_no_revenue_and_raises_nothing() -> None:
    assert ESPIONAGE.event_type == EventType.CYBER_INCIDENT and ESPIONAGE.actor == "DPRK"
    assert details(ESPIONAGE)["activity"] == IllicitActivity.ESPIONAGE
    catalogue = default_catalogue()
    assert catalogue.match(ESPIONAGE) == ()
    [theft] = catalogue.match(BYBIT)
    assert theft.commitment_id == "illicit-revenue"
    said = theft.explanation.text
    assert "details.activity" in said and "espionage" in said


#: (title, body, published, source, language, the type read, the details it tells)
INCIDENTS: list[tuple[str, str, str, str, str, EventType, dict[str, Any]]] = [
    (
        "North Korea has sent Russia more than 1,000 containers of munitions, White House says",
        "WASHINGTON - North Korea has delivered more than 1,000 containers of military equipment and munitions to "
        "Russia, White House spokesman John Kirby said on Friday, showing images of the cargo loaded at Rajin and "
        "unloaded at Dunai between Sept. 7 and Oct. 1.",
        "2023-10-13T15:00:00-04:00",
        "press-test",
        "en",
        EventType.ARMS_TRANSFER,
        {"quantity": 1000, "unit": "containers", "route": "Rajin", "reported_by": "White House"},
    ),
    (
        '국정원 "북한 특수부대 1천500명 러시아 이동…총 1만2천명 파병 결정"',
        "국가정보원은 18일 북한이 특수부대 병력 1천500명을 러시아 해군 수송함으로 블라디보스토크에 "
        "보냈으며 총 1만2천명 규모의 파병을 결정했다고 밝혔다.",
        "2024-10-18T14:00:00+09:00",
        "yonhap",
        "ko",
        EventType.TROOP_DEPLOYMENT,
        {"personnel": 1500, "place": "Vladivostok", "reported_by": "NIS"},
    ),
    (
        "Japan says North Korean tanker took part in ship-to-ship transfer in East China Sea",
        "TOKYO - Japan's Foreign Ministry said on Thursday that a Maritime Self-Defense Force aircraft saw the "
        "North Korea-flagged tanker Rye Song Gang 1 alongside the Dominica-flagged Yuk Tung in the East China Sea on "
        "Jan. 20, in what it strongly suspects was a ship-to-ship transfer banned by U.N. sanctions.",
        "2018-01-25T12:00:00+09:00",
        "press-test",
        "en",
        EventType.SANCTIONS_EVASION,
        {
            "vessel": "Rye Song Gang 1",
            "method": "ship-to-ship transfer",
            "place": "East China Sea",
            "activity": IllicitActivity.EVASION,
        },
    ),
    (
        "Japan, South Korea and US begin first Freedom Edge exercise",
        "SEOUL - The navies of Japan, South Korea and the United States began their first Freedom Edge trilateral "
        "exercise in international waters south of Jeju Island on Thursday, with the carrier USS Theodore Roosevelt.",
        "2024-06-27T11:00:00+09:00",
        "press-test",
        "en",
        EventType.TRILATERAL_ACTION,
        {"exercise": "Freedom Edge", "place": "Jeju"},
    ),
    (
        "Kim Jong Un visits uranium enrichment facility, KCNA says",
        "SEOUL - North Korean leader Kim Jong Un toured a uranium enrichment facility and called for more "
        "centrifuges to be installed, the state news agency KCNA said on Friday, the first images of such a site.",
        "2024-09-13T09:00:00+09:00",
        "press-test",
        "en",
        EventType.NUCLEAR_ACTIVITY,
        {"what": "uranium enrichment", "reported_by": "KCNA"},
    ),
    # A drill of no name by its kind, the name when it has one; reporters named as the press names them.
    (
        "South Korea, Japan, US begin missile warning drill",
        "SEOUL - South Korea, Japan and the United States on Tuesday started a two-day missile warning exercise, "
        "sharing information on mock North Korean launches, Seoul's Defense Ministry said.",
        "2017-03-14T10:00:00+09:00",
        "press-test",
        "en",
        EventType.TRILATERAL_ACTION,
        {"exercise": "missile warning exercise"},
    ),
    (
        "Japan, South Korea and US hold Pacific Dragon",
        "Japan, South Korea and the United States held a missile warning exercise off Hawaii on Monday as part of the "
        "Pacific Dragon drills, the Pentagon said.",
        "2022-08-15T10:00:00-10:00",
        "press-test",
        "en",
        EventType.TRILATERAL_ACTION,
        {"exercise": "Pacific Dragon"},
    ),
    (
        "North Korean hackers behind new ransomware, Microsoft says",
        "A group operating from North Korea has been hitting small businesses with its own ransomware since at least "
        "September 2021, Microsoft said Thursday; Symantec had tied earlier tools to the same operators.",
        "2022-07-14T17:30:00-04:00",
        "press-test",
        "en",
        EventType.CYBER_INCIDENT,
        {"reported_by": "Microsoft"},
    ),
    # The Defense Intelligence Agency unqualified may be either state's: named as the text names it.
    (
        "North Korea has built missile-ready nuclear warheads, US says",
        "WASHINGTON - North Korea has produced nuclear warheads small enough to fit on its missiles, according to an "
        "assessment completed last month by the Defense Intelligence Agency, officials said on Tuesday.",
        "2017-08-08T17:00:00-04:00",
        "press-test",
        "en",
        EventType.NUCLEAR_ACTIVITY,
        {"reported_by": "Defense Intelligence Agency"},
    ),
    (
        "Zelensky says North Korean troops lost near Kursk village",
        "Russian forces lost up to a battalion of North Korean infantry near a village in Russia's Kursk region, "
        "Ukrainian President Volodymyr Zelenskiy said on Saturday.",
        "2025-01-04T21:40:00Z",
        "press-test",
        "en",
        EventType.TROOP_DEPLOYMENT,
        {"reported_by": "Zelensky"},
    ),
]


@pytest.mark.parametrize(
    ("title", "body", "published", "source", "language", "event_type", "told"),
    INCIDENTS,
    ids=[case[5].value for case in INCIDENTS],
)
def test_each_incident_type_tells_its_facts(
    title: str, body: str, published: str, source: str, language: str, event_type: EventType, told: dict[str, Any]
) -> None:
    event = read(title, body, published, source=source, language=language)
    assert event.event_type == event_type
    got = details(event)
    assert {name: got.get(name) for name in told} == told


def test_a_shipment_to_russia_names_its_direction() -> None:
    arms = read(*INCIDENTS[0][:3])
    assert (arms.actor, arms.counterparty) == ("DPRK", "Russia")


def test_a_headline_in_capitals_names_no_vessel() -> None:
    seized = read(
        "U.S. Seizes North Korean Cargo Ship Used to Smuggle Coal",
        "WASHINGTON - The Justice Department said Thursday that it had seized one of North Korea's largest cargo "
        "ships, the Wise Honest, which it accuses of carrying North Korean coal in breach of sanctions.",
        "2019-05-09T15:00:00-04:00",
    )
    assert details(seized)["vessel"] == "Wise Honest"


def theft_report(n: int, victim: str, reported: str, usd: float | None, party: Party = Party.OTHER) -> Event:
    at = datetime.fromisoformat(reported)
    return Event(
        event_id=f"evt-{n}",
        incident_id=f"inc-{n}",
        report_id=f"r-{n}",
        source="us-fbi" if party == Party.US else f"press-{n}",
        party=party,
        event_type=EventType.CYBER_INCIDENT,
        reported_at=at,
        actor="DPRK",
        details=IncidentDetails(victim=victim, amount_usd=usd, activity=IllicitActivity.THEFT, group="Lazarus"),
    )


def test_reports_of_one_theft_days_apart_are_one_incident_and_another_victims_theft_is_not() -> None:
    window = window_of(EventType.CYBER_INCIDENT.value, WINDOW)
    first = theft_report(1, "Bybit", "2025-02-21T20:00:00+00:00", 1.4e9)
    attribution = theft_report(2, "Bybit", "2025-02-26T23:00:00+00:00", 1.5e9, party=Party.US)
    other = theft_report(3, "Infini", "2025-02-25T10:00:00+00:00", 49.5e6)
    for order in ([first, attribution, other], [other, attribution, first], [attribution, other, first]):
        groups = group(order, window)
        assert {g.event_ids for g in groups} == {frozenset({"evt-1", "evt-2"}), frozenset({"evt-3"})}
    # The launch window alone would have kept them apart: the family's own is wider.
    assert len(group([first, attribution], WINDOW)) == 2


def test_the_fused_theft_takes_the_largest_credible_sum_and_names_who_gives_it() -> None:
    first = theft_report(1, "Bybit", "2025-02-21T20:00:00+00:00", 1.4e9)
    attribution = theft_report(2, "Bybit", "2025-02-26T23:00:00+00:00", 1.5e9, party=Party.US)
    fused = fuse("inc-1", [first, attribution], generation=2)
    assert fused.details is not None and fused.details.amount_usd == 1.5e9 and fused.details.victim == "Bybit"
    source = next(p for p in fused.provenance if p.field == "details.amount_usd")
    assert (source.source, source.reason) == ("us-fbi", "largest figure a credible source gives")
    said = headline(fused)
    assert said.startswith("DPRK cyber incident (Lazarus, theft, from Bybit, $1.5 billion)"), said


def test_cap_carries_the_details_as_parameters() -> None:
    update = incident_update([BYBIT], matched_at=datetime(2025, 2, 27, tzinfo=UTC))
    [match] = update.matches
    from services.alerts.build import build_revision

    alert = build_revision(update, match, None, datetime(2025, 2, 27, tzinfo=UTC))
    xml = alert_to_cap(alert)
    for expected in ("details.group", "TraderTraitor", "details.amount_usd", "1.5e+09", "from Bybit"):
        assert expected in xml


@pytest.mark.parametrize("family", ["arms_transfer", "cyber_incident", "trilateral_action"])
def test_a_family_window_is_never_narrower_than_the_configured_one(family: str) -> None:
    assert window_of(family, timedelta(days=30)) == timedelta(days=30)
    assert window_of(family, WINDOW) > WINDOW
    assert window_of("launch", WINDOW) == WINDOW


def test_through_the_store_the_reports_of_one_theft_make_one_alert_in_any_order() -> None:
    """Ingest as it runs (the store, the family's window), the matcher and the alerts service: the theft's two
    reports, five days apart, are one incident whose alert is revised, the other victim's theft another."""
    first = theft_report(1, "Bybit", "2025-02-21T20:00:00+00:00", 1.4e9)
    attribution = theft_report(2, "Bybit", "2025-02-26T23:00:00+00:00", 1.5e9, party=Party.US)
    other = theft_report(3, "Infini", "2025-02-25T10:00:00+00:00", 49.5e6)
    now = datetime(2025, 3, 1, tzinfo=UTC)
    for order in itertools.permutations([first, attribution, other]):
        store = Store("sqlite://")
        try:
            made = [alert for event in order for alert, _ in alerted(store, event, now)]
            incidents = {store.stored_event(e.event_id, False).incident_id for e in (first, attribution)}  # type: ignore[union-attr]
            assert len(incidents) == 1, order
            assert store.stored_event(other.event_id, False).incident_id not in incidents  # type: ignore[union-attr]
            by_alert: dict[str, list[int]] = {}
            for alert in made:
                by_alert.setdefault(alert.id, []).append(alert.revision)
            assert len(by_alert) == 2 and all(revs == list(range(1, len(revs) + 1)) for revs in by_alert.values())
            [latest] = [a for a in made if a.incident_id in incidents][-1:]
            assert latest.assessment is not None and latest.assessment.details is not None
            assert latest.assessment.details.amount_usd == 1.5e9
        finally:
            store.close()


def test_data_taken_is_espionage_even_when_the_body_mentions_crypto() -> None:
    """The event's own sentence tells what was taken: gigabytes of files, not money, though a later line says the
    hackers paid their servers in crypto."""
    court = read(
        "North Korea's Lazarus broke into South Korean court network, police say",
        "SEOUL - North Korea's Lazarus group broke into South Korea's court computer network and took 1,014 gigabytes "
        "of data over more than two years, the National Police Agency said Saturday.\n\n"
        "The hackers paid for the servers they used with cryptocurrency, police said.",
        "2024-05-11T17:30:00+09:00",
    )
    assert court.event_type == EventType.CYBER_INCIDENT
    assert details(court)["activity"] == IllicitActivity.ESPIONAGE
    assert default_catalogue().match(court) == ()


def test_counts_told_a_few_words_before_their_thing_or_after_their_counter_and_ships_by_prefix() -> None:
    """ "50 of its home-built 170mm self-propelled howitzers", "約1万個のコンテナ", "a million barrels", "the M/T
    Courageous"; a Korean 국방부 is Seoul's ministry unless named American."""
    howitzers = read(
        "North Korea ships howitzers to Russia, Ukraine says",
        "KYIV - North Korea has handed Russia roughly 50 of its home-built 170mm self-propelled howitzers in recent "
        "weeks, Ukrainian intelligence said on Sunday.",
        "2024-11-17T09:30:00+00:00",
    )
    assert (details(howitzers)["quantity"], details(howitzers)["unit"]) == (50, "howitzers")
    containers = read(
        "北朝鮮、ロシアへコンテナ1万個超",
        "韓国の申源湜国防相は14日、北朝鮮がロシアに約1万個のコンテナを送ったとの分析を明らかにした。",
        "2024-06-14T18:20:00+09:00",
        language="ja",
    )
    # The minister, named with his office before は, reports; the DPRK, marked by が, sends.
    assert (containers.event_type, containers.actor) == (EventType.ARMS_TRANSFER, "DPRK")
    assert (details(containers)["quantity"], details(containers)["unit"]) == (10_000, "containers")
    oil = read(
        "Russia has shipped a million barrels of oil to North Korea, imagery suggests",
        "LONDON - Russia has shipped more than a million barrels of oil to North Korea since March, satellite images "
        "analysed by the Open Source Centre show, in breach of a UN cap.",
        "2024-11-22T00:05:00+00:00",
    )
    assert (details(oil)["quantity"], details(oil)["unit"]) == (1_000_000, "barrels")
    tanker = read(
        "US seeks to seize tanker used to smuggle oil to North Korea",
        "WASHINGTON - Prosecutors on Friday asked a court to let them seize the M/T Courageous, a tanker they say "
        "made ship-to-ship transfers of oil to North Korean vessels.",
        "2021-04-23T15:00:00-04:00",
    )
    assert details(tanker)["vessel"] == "Courageous"
    seoul = read(
        "한미일, 동해서 미사일 방어훈련",
        "한국과 미국, 일본이 오늘 동해 공해상에서 3국 해상 미사일 방어훈련을 실시했다고 국방부가 밝혔다.",
        "2023-08-29T15:00:00+09:00",
        source="yonhap",
        language="ko",
    )
    assert details(seoul)["reported_by"] == "ROK Defense Ministry"


def test_a_spying_group_spies_when_the_report_does_not_say_what_was_taken() -> None:
    """Kimsuky and APT37 collect intelligence: a report of their intrusion that names no money is espionage."""
    lure = read(
        '구글 "北 APT37, 이태원 참사 문서로 위장해 IE 취약점 악용"',
        "북한 해킹조직 APT37이 이태원 참사 관련 정부 문서처럼 꾸민 파일로 국내 이용자를 노렸다고 구글이 7일 밝혔다.",
        "2022-12-08T09:30:00+09:00",
        source="yonhap",
        language="ko",
    )
    assert lure.event_type == EventType.CYBER_INCIDENT
    assert (details(lure)["group"], details(lure)["activity"]) == ("APT37", IllicitActivity.ESPIONAGE)
    assert default_catalogue().match(lure) == ()


def test_an_intrusion_that_names_no_money_is_spying_and_a_destructive_one_stays_malicious() -> None:
    """Who broke in, and where, but no money, ransom or pay named: the DPRK earned nothing the report tells, so it
    bears on no revenue commitment (the 2016 police finding on 140,000 PCs; Microsoft's 2023 TeamCity note). Data
    wiped or systems paralysed is malicious cyber activity all the same (Sony Pictures, 2014)."""
    intrusions = [
        read(
            "North Korean groups breach build servers through a TeamCity flaw, Microsoft says",
            "Two hacking groups tied to the North Korean government have been breaking into servers that run "
            "JetBrains' TeamCity since early October, Microsoft said on Wednesday, planting backdoors on them.\n\n"
            "The same state's hackers were blamed last year for draining $620 million from the Ronin bridge.",
            "2023-10-18T16:00:00-04:00",
        ),
        read(
            "北 해커, 국내 160여 곳 PC 14만 대 장악",
            "북한 정찰총국 소행으로 보이는 해커들이 국내 기업과 공공기관 160여 곳의 전산망에 침투해 "
            "PC 14만여 대를 장악한 사실이 확인됐다고 경찰청이 13일 밝혔다.",
            "2016-06-13T12:00:00+09:00",
            source="kbs",
            language="ko",
        ),
    ]
    for event in intrusions:
        assert event.event_type == EventType.CYBER_INCIDENT and event.actor == "DPRK"
        assert details(event)["activity"] == IllicitActivity.ESPIONAGE
        assert default_catalogue().match(event) == ()
    wiper = read(
        "FBI says North Korea was behind the Sony attack",
        "WASHINGTON - The FBI said on Friday that North Korea carried out the cyberattack on Sony Pictures, whose "
        "malware wiped data from thousands of the studio's computers on Nov. 24.",
        "2014-12-19T15:00:00-05:00",
    )
    assert wiper.event_type == EventType.CYBER_INCIDENT
    assert details(wiper).get("activity") != IllicitActivity.ESPIONAGE
    assert [m.commitment_id for m in default_catalogue().match(wiper)] == ["illicit-revenue"]
    # Websites defaced: an attack shown, not spying (the war-anniversary attack of 25 June 2013, attributed 16 July).
    defaced = read(
        "",
        "정부는 지난달 25일 청와대 홈페이지를 변조하고 언론사 서버를 공격한 사이버공격이 북한의 소행이라고 "
        "16일 밝혔다.",
        "2013-07-16T15:00:00+09:00",
        source="yonhap",
        language="ko",
    )
    assert defaced.event_type == EventType.CYBER_INCIDENT and defaced.actor == "DPRK"
    assert defaced.details is None or defaced.details.activity != IllicitActivity.ESPIONAGE
    assert [m.commitment_id for m in default_catalogue().match(defaced)] == ["illicit-revenue"]


def test_a_trilateral_drill_is_not_the_warning_data_mechanism_its_background_recalls() -> None:
    """The bomber drill of 15 January 2025: its last paragraph recalls the mechanism activated in December 2023."""
    drill = read(
        "South Korea, US and Japan fly a B-1B drill",
        "South Korea, the United States and Japan held a combined air exercise with a U.S. B-1B bomber on Wednesday, "
        "the defense ministry said.\n\n"
        "The three countries have shared North Korean missile-warning data in real time since December 2023.",
        "2025-01-15T15:00:00+09:00",
        source="press-koreatimes",
    )
    assert drill.event_type == EventType.TRILATERAL_ACTION
    assert "missile-warning-sharing" not in drill.tags
    assert [m.commitment_id for m in default_catalogue().match(drill)] == ["trilateral-exercises"]


#: (title, body, published, source, language, the type read or None for no incident): the sixteenth set's lessons.
#: Kharkiv, 2 January 2024: the debris was found to be North Korean; Zelensky on North Korean soldiers training in
#: Russia (February 2026); the Coast Guard's diesel case (January 2023); 250 launchers handed to the DPRK's own
#: frontline units (4 August 2024); the trilateral air drill proposed for February 2026 that never took place.
SIXTEENTH: list[tuple[str, str, str, str, str, EventType | None]] = [
    (
        "Debris in Kharkiv was from North Korean missiles, Kyiv says",
        "KYIV - The missiles Russia fired at Kharkiv on Jan. 2 were made in North Korea, a Ukrainian official said "
        "on Thursday, citing an analysis of the debris.",
        "2024-01-11T18:00:00+02:00",
        "press-kyodo",
        "en",
        EventType.ARMS_TRANSFER,
    ),
    (
        "北朝鮮兵、ロシアで無人機対処を訓練",
        "ウクライナのゼレンスキー大統領は共同通信のインタビューに応じ、北朝鮮の兵士約1万人が現在ロシア国内におり、"
        "無人機への対処など現代の「ハイブリッド戦」の訓練を受けていると明らかにした。",
        "2026-02-20T10:00:00+09:00",
        "press-kyodo",
        "ja",
        EventType.TROOP_DEPLOYMENT,
    ),
    (
        "北에 경유 넘긴 석유 중개업자 구속",
        "해경은 중국 선박을 거쳐 북한에 경유를 공급한 혐의로 석유 중개업자를 구속했다고 30일 밝혔다.",
        "2023-01-30T11:00:00+09:00",
        "yonhap",
        "ko",
        EventType.SANCTIONS_EVASION,
    ),
    (
        "北朝鮮、ミサイル発射台250基を前線部隊に引き渡し",
        "朝鮮中央通信は5日、新型戦術弾道ミサイルの発射台250基を前線の部隊に引き渡す式典が開かれたと報じた。\n\n"
        "ウクライナではロシア軍が北朝鮮製のミサイルを使っていることが確認されている。",
        "2024-08-05T09:00:00+09:00",
        "press-asahi",
        "ja",
        None,
    ),
    (
        "한미일 공중훈련 무산",
        "미국이 제안한 한미일 3국 공중훈련이 일정 이견으로 무산된 것으로 확인됐다.",
        "2026-02-23T12:00:00+09:00",
        "press-sbs",
        "ko",
        None,
    ),
]


@pytest.mark.parametrize(("title", "body", "published", "source", "language", "expected"), SIXTEENTH)
def test_origins_found_soldiers_present_fuel_handed_over_and_acts_that_are_none(
    title: str, body: str, published: str, source: str, language: str, expected: EventType | None
) -> None:
    event = read(title, body, published, source=source, language=language)
    if expected is None:
        assert event.event_type == EventType.OTHER and default_catalogue().match(event) == ()
    else:
        assert event.event_type == expected and event.actor == "DPRK"
        assert default_catalogue().match(event) != ()
