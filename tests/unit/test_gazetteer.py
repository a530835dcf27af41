"""The gazetteer names each system as the press and the state media write it, in three scripts, and a place named
after a system is the place."""

from __future__ import annotations

import pytest

from services.ingest.extract import SYSTEM_TABLE
from services.ingest.gazetteer import MISSILE_SYSTEMS
from services.ingest.prefilter import Text

from .test_reading import press, to_event

#: (a phrase, the canonical name of the system it names, or None)
NAMED = (
    ("the Hwasongpho-18 solid-fuel ICBM", "Hwasong-18"),
    ("a test of the Hwasongpho-11Da-4.5 with a 4.5-ton warhead", "Hwasong-11Da-4.5"),
    ("the new Hwasong-8 hypersonic missile", "Hwasong-8"),
    ("the Hwasong-11 tactical missile", "KN-23"),
    ("화성포-11라 신형 전술탄도미사일", "Hwasong-11D"),
    ("북한판 이스칸데르로 불리는 KN-23", "KN-23"),
    ("北朝鮮版イスカンデルとみられる", "KN-23"),
    ("火星11Bとみられる", "KN-24"),
    ("an ER Scud fired from Hwangju", "Scud-ER"),
    ("중거리 탄도미사일 무수단 2발", "Musudan"),
    ("中距離弾道ミサイル「ムスダン」", "Musudan"),
    ("テポドン1号を発射", "Taepodong-1"),
    ("노동미사일 2발", "Nodong"),
    ("three KN-01 anti-ship missiles", "KN-01"),
    ("the Kumsong-3 anti-ship cruise missile", "Kumsong-3"),
    ("the Padasuri-6 surface-to-ship missile", "Padasuri-6"),
    ("Hwasal-2 strategic cruise missiles", "Hwasal-2"),
    ("a Hwasal-1 Ra-3 cruise missile", "Hwasal-1 Ra-3"),
    ("the Pukguksong-5 displayed in the parade", "Pukguksong-5"),
    # A place named after a system is the place.
    ("함경북도 화대군 무수단리에서", None),
    ("北東部の舞水端里、ムスダンリの発射場", None),
    # A Korean word that is not the Nodong (노동 is labour).
    ("노동신문은 보도했다", None),
)


@pytest.mark.parametrize(("phrase", "canonical"), NAMED)
def test_systems_by_the_names_the_press_and_the_state_media_use(phrase: str, canonical: str | None) -> None:
    found = SYSTEM_TABLE.search(Text(phrase))
    assert (MISSILE_SYSTEMS[found[0]][0] if found else None) == canonical


def test_a_system_of_no_fixed_class_is_read_with_the_class_the_text_gives() -> None:
    event = to_event(
        press(
            "North Korea test-fired a newly developed hypersonic missile, the Hwasong-8, early on Tuesday from "
            "Toyang-ri in Jagang province, KCNA said. Seoul had detected a short-range ballistic missile.",
            published="2021-09-29T08:00:00+09:00",
        )
    )
    assert (event.event_type, event.system, event.missile_class) == ("ballistic_missile_launch", "Hwasong-8", "SRBM")


#: (text, published, the class read, the system read): systems in the plural, one denied beside the one fired, a
#: salvo of several classes (the farthest class, no one system).
SYSTEMS_TOLD = (
    ("North Korea shot three short-range missiles into the East Sea on Wednesday. Military officials identified them "
     "as KN-02s.", "2007-06-28T16:10:00+09:00", "SRBM", "KN-02"),
    ("North Korea launched three guided missiles on Saturday. Officials said they looked like KN-02 short-range "
     "ballistic missiles, which have a range of roughly 120 km, and not the Musudan intermediate-range missiles that "
     "Pyongyang deployed in April.",
     "2013-05-18T20:30:00+09:00", "SRBM", "KN-02"),
    ("North Korea fired three ballistic missiles on Monday, believed to be medium-range Rodongs.",
     "2016-09-05T14:45:00+09:00", "MRBM", "Nodong"),
    ("North Korea fired three ballistic missiles on Tuesday. US Strategic Command said it tracked two Scud-type "
     "short-range missiles followed by a Rodong medium-range missile.", "2016-07-19T12:10:00+09:00", "MRBM", None),
)  # fmt: skip


@pytest.mark.parametrize(("body", "published", "missile_class", "system"), SYSTEMS_TOLD)
def test_plural_names_a_denied_system_and_a_salvo_of_several_classes(
    body: str, published: str, missile_class: str, system: str | None
) -> None:
    event = to_event(press(body, published=published))
    assert (event.missile_class, event.system) == (missile_class, system)
