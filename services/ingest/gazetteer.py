"""Gazetteer: DPRK missile systems and launch sites, with the names reports use for them.

Data, kept apart from the extraction rules. Longer and more specific names come first, because the
first one found in a text wins (``Hwasong-15`` before a bare ``Hwasong``).
"""

from __future__ import annotations

import re

from launchwatch.schemas import MissileClass
from services.ingest.prefilter import Pattern


def _names(*aliases: str) -> Pattern:
    parts = [re.escape(a).replace(r"\-", "[- ]?").replace(r"\ ", r"[- ]?") for a in aliases]
    return Pattern(re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE))


#: key -> (canonical name, missile class, pattern)
MISSILE_SYSTEMS: dict[str, tuple[str, MissileClass, Pattern]] = {
    "hwasong-20": ("Hwasong-20", MissileClass.ICBM, _names("Hwasong-20")),
    "hwasong-19": ("Hwasong-19", MissileClass.ICBM, _names("Hwasong-19")),
    "hwasong-18": ("Hwasong-18", MissileClass.ICBM, _names("Hwasong-18")),
    "hwasong-17": ("Hwasong-17", MissileClass.ICBM, _names("Hwasong-17")),
    "hwasong-16b": ("Hwasong-16B", MissileClass.IRBM, _names("Hwasong-16B", "Hwasong-16Na")),
    "hwasong-15": ("Hwasong-15", MissileClass.ICBM, _names("Hwasong-15", "KN-22")),
    "hwasong-14": ("Hwasong-14", MissileClass.ICBM, _names("Hwasong-14", "KN-20")),
    "hwasong-12": ("Hwasong-12", MissileClass.IRBM, _names("Hwasong-12", "KN-17")),
    "hwasong-11": ("KN-23", MissileClass.SRBM, _names("Hwasong-11Ga", "Hwasong-11A", "KN-23")),
    "kn-24": ("KN-24", MissileClass.SRBM, _names("KN-24", "Hwasong-11Na", "Hwasong-11B")),
    "kn-25": (
        "KN-25",
        MissileClass.SRBM,
        _names("KN-25", "super-large multiple rocket launcher", "600mm multiple rocket launcher"),
    ),
    "pukguksong-3": ("Pukguksong-3", MissileClass.SLBM, _names("Pukguksong-3")),
    "pukguksong-2": ("Pukguksong-2", MissileClass.MRBM, _names("Pukguksong-2", "KN-15")),
    "pukguksong-1": ("Pukguksong-1", MissileClass.SLBM, _names("Pukguksong-1", "KN-11", "Pukguksong")),
    "musudan": ("Musudan", MissileClass.IRBM, _names("Musudan", "Hwasong-10", "BM-25")),
    "taepodong-2": ("Taepodong-2", MissileClass.ICBM, _names("Taepodong-2")),
    "taepodong-1": ("Taepodong-1", MissileClass.SLV, _names("Taepodong-1", "Paektusan")),
    "nodong": ("Nodong", MissileClass.MRBM, _names("Nodong-1", "Nodong", "Rodong-1", "Rodong", "Hwasong-7")),
    "scud-er": ("Scud-ER", MissileClass.MRBM, _names("Scud-ER", "Hwasong-9")),
    "scud": ("Scud", MissileClass.SRBM, _names("Scud-B", "Scud-C", "Scud", "Hwasong-5", "Hwasong-6")),
    "kn-02": ("KN-02", MissileClass.SRBM, _names("KN-02", "Toksa")),
    "chollima-1": ("Chollima-1", MissileClass.SLV, _names("Chollima-1", "Chollima")),
    "unha-3": ("Unha-3", MissileClass.SLV, _names("Unha-3")),
    "unha-2": ("Unha-2", MissileClass.SLV, _names("Unha-2")),
    "unha": ("Unha", MissileClass.SLV, _names("Unha", "Kwangmyongsong", "Kwangmyong")),
    "hwasal": ("Hwasal", MissileClass.CRUISE, _names("Hwasal-1", "Hwasal-2", "Hwasal")),
    "pulhwasal": ("Pulhwasal-3-31", MissileClass.CRUISE, _names("Pulhwasal-3-31", "Pulhwasal")),
}

#: key -> (canonical name, pattern)
SITES: dict[str, tuple[str, Pattern]] = {
    "sohae": ("Sohae", _names("Sohae", "Tongchang-ri", "Tongchangri", "Cholsan")),
    "tonghae": ("Musudan-ri", _names("Musudan-ri", "Tonghae", "Hwadae")),
    "punggye-ri": ("Punggye-ri", _names("Punggye-ri", "Kilju")),
    "sunan": ("Sunan", _names("Sunan")),
    "sinpo": ("Sinpo", _names("Sinpo")),
    "wonsan": ("Wonsan", _names("Wonsan", "Kalma")),
    "kaechon": ("Kaechon", _names("Kaechon")),
    "sariwon": ("Sariwon", _names("Sariwon")),
    "jagang": ("Jagang", _names("Jagang", "Chagang")),
    "hamhung": ("Hamhung", _names("Hamhung", "Hamju")),
    "tongchon": ("Tongchon", _names("Tongchon")),
    "sukchon": ("Sukchon", _names("Sukchon")),
    "samsok": ("Samsok", _names("Samsok")),
    "pyongsong": ("Pyongsong", _names("Pyongsong")),
    "jangyon": ("Jangyon", _names("Jangyon")),
    "pyongyang": ("Pyongyang", _names("Pyongyang")),
}
