"""The gazetteer names each system as the press and the state media write it, in three scripts, and a place named
after a system is the place."""

from __future__ import annotations

import pytest

from services.ingest.extract import SYSTEM_TABLE
from services.ingest.gazetteer import MISSILE_SYSTEMS
from services.ingest.prefilter import Text

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
