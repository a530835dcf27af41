"""Gazetteer: DPRK missile systems and launch sites, with the names reports use for them.

Data, kept apart from the extraction rules. Longer and more specific names come first, because the
first one found in a text wins (``Hwasong-15`` before a bare ``Hwasong``).
"""

from __future__ import annotations

import re

from launchwatch.schemas import MissileClass
from services.ingest.prefilter import Pattern


def _names(*aliases: str) -> Pattern:
    """Aliases in Latin letters stand as whole words (of ASCII letters: 북한은KN-23을, ICBM級 still count);
    Japanese and Korean ones have particles and counters right after them (東倉里から, 동창리에서), so they
    need only not run on into a longer designation (화성-12 in 화성-12가)."""
    parts = []
    for alias in aliases:
        # (A word of the name may stand in quotation marks: the 'new "super-large" multiple rocket launcher'.)
        part = re.escape(alias).replace(r"\-", "[- ]?").replace(r"\ ", "[\"'\u201d\u2019]?[- ]?[\"'\u201c\u2018]?")
        # The Japanese press puts a name's reading in (full-width) brackets after its kanji, or its kanji after the
        # reading: 銀河(ウンハ)3号, ウナ(銀河)2号.
        part = re.sub(
            r"(?<=[\u4e00-\u9fff\u30a0-\u30ff])(?=\d)", "(?:[\uff08(][\u30a0-\u30ff\u4e00-\u9fff・]+[\uff09)])?", part
        )
        # KCNA writes the Hwasong names with "pho" (gun): Hwasongpho-18, Hwasongpho-11Da-4.5.
        part = part.replace("Hwasong", "Hwasong(?:[- ]?pho)?")
        if alias.isascii():
            # "Scud-class" and "Hwasong-12-type" still name the system; "Scud-ER" is another one.
            # ... and "KN-02s", "Rodongs" name them in the plural.
            part = rf"(?<![0-9A-Za-z_-]){part}s?(?![0-9A-Za-z_]|-(?!class\b|type\b))"
        elif alias[-1].isdigit():
            part += "(?![0-9A-Za-z가나다라])"
        else:
            # A name that runs on into 리, 里 or リ is a place named after it (무수단리, 舞水端里, ムスダンリ).
            part += "(?![리里リ])"
        parts.append(part)
    return Pattern(re.compile("|".join(parts), re.IGNORECASE))


#: key -> (canonical name, missile class, pattern); a class of None where sources class the system differently
#: (the Hwasong-8's hypersonic glider), so that the text's own class decides.
MISSILE_SYSTEMS: dict[str, tuple[str, MissileClass | None, Pattern]] = {
    "hwasong-20": ("Hwasong-20", MissileClass.ICBM, _names("Hwasong-20", "화성포-20", "화성-20", "火星20", "火星-20")),
    "hwasong-19": ("Hwasong-19", MissileClass.ICBM, _names("Hwasong-19", "화성포-19", "화성-19", "火星19", "火星-19")),
    "hwasong-18": ("Hwasong-18", MissileClass.ICBM, _names("Hwasong-18", "화성포-18", "화성-18", "火星18", "火星-18")),
    "hwasong-17": ("Hwasong-17", MissileClass.ICBM, _names("Hwasong-17", "화성포-17", "화성-17", "火星17", "火星-17")),
    "hwasong-16b": (
        "Hwasong-16B",
        MissileClass.IRBM,
        _names("Hwasong-16B", "Hwasong-16Na", "화성포-16나", "화성-16나", "火星16B"),
    ),
    "hwasong-16a": ("Hwasong-16A", MissileClass.IRBM, _names("Hwasong-16A", "화성포-16가", "화성-16가", "火星16A")),
    "hwasong-15": (
        "Hwasong-15",
        MissileClass.ICBM,
        _names("Hwasong-15", "KN-22", "화성포-15", "화성-15", "火星15", "火星-15"),
    ),
    "hwasong-14": ("Hwasong-14", MissileClass.ICBM, _names("Hwasong-14", "KN-20", "화성-14", "火星14", "火星-14")),
    "hwasong-12": ("Hwasong-12", MissileClass.IRBM, _names("Hwasong-12", "KN-17", "화성-12", "火星12", "火星-12")),
    "hwasong-8": ("Hwasong-8", None, _names("Hwasong-8", "화성-8", "火星8", "火星-8")),
    "hwasong-11da": (
        "Hwasong-11Da-4.5",
        MissileClass.SRBM,
        _names("Hwasong-11Da-4.5", "Hwasong-11-Da-4.5", "화성포-11다-4.5", "화성-11다-4.5", "火星11ダ-4.5"),
    ),
    "hwasong-11d": (
        "Hwasong-11D",
        MissileClass.SRBM,
        _names("Hwasong-11D", "Hwasong-11Ra", "KN-35", "화성포-11라", "화성-11라", "火星11D"),
    ),
    "hwasong-11c": ("Hwasong-11C", MissileClass.SRBM, _names("Hwasong-11C", "KN-30", "火星11C")),
    "hwasong-11s": ("Hwasong-11S", MissileClass.SLBM, _names("Hwasong-11S", "KN-33", "火星11S")),
    "hwasong-11": (
        "KN-23",
        MissileClass.SRBM,
        _names(
            "Hwasong-11Ga",
            "Hwasong-11A",
            "KN-23",
            "Hwasong-11",
            "화성포-11가",
            "화성-11가",
            "화성포-11",
            "화성-11",
            "火星11A",
            "火星11",
            "북한판 이스칸데르",
            "北朝鮮版イスカンデル",
        ),
    ),
    "kn-24": (
        "KN-24",
        MissileClass.SRBM,
        _names("KN-24", "Hwasong-11Na", "Hwasong-11B", "화성포-11나", "화성-11나", "火星11B", "북한판 에이태큼스"),
    ),
    "kn-25": (
        "KN-25",
        MissileClass.SRBM,
        _names(
            "KN-25",
            "super-large multiple rocket launcher",
            "super-large multiple launcher",
            "600-mm multiple rocket launcher",
            "600-mm multiple launcher",
            "초대형 방사포",
            "超大型放射砲",
            "超大型ロケット砲",
        ),
    ),
    "pukguksong-6": ("Pukguksong-6", MissileClass.SLBM, _names("Pukguksong-6", "북극성-6", "北極星6")),
    "pukguksong-5": ("Pukguksong-5", MissileClass.SLBM, _names("Pukguksong-5", "북극성-5", "北極星5")),
    "pukguksong-4": ("Pukguksong-4", MissileClass.SLBM, _names("Pukguksong-4", "북극성-4", "北極星4")),
    "pukguksong-3": (
        "Pukguksong-3",
        MissileClass.SLBM,
        _names("Pukguksong-3", "북극성-3", "北極星3", "北極星3型", "북극성-3형"),
    ),
    "pukguksong-2": (
        "Pukguksong-2",
        MissileClass.MRBM,
        _names("Pukguksong-2", "KN-15", "북극성-2", "北極星2", "北極星2型", "북극성-2형"),
    ),
    "pukguksong-1": (
        "Pukguksong-1",
        MissileClass.SLBM,
        _names("Pukguksong-1", "KN-11", "Pukguksong", "북극성-1", "北極星1"),
    ),
    "musudan": ("Musudan", MissileClass.IRBM, _names("Musudan", "Hwasong-10", "BM-25", "ムスダン", "무수단")),
    "taepodong-2": ("Taepodong-2", MissileClass.ICBM, _names("Taepodong-2", "대포동-2", "テポドン2")),
    # A two-stage missile that carried a satellite attempt (31 August 1998): no fixed class, the text tells.
    "taepodong-1": ("Taepodong-1", None, _names("Taepodong-1", "Paektusan", "대포동-1", "テポドン1")),
    "nodong": (
        "Nodong",
        MissileClass.MRBM,
        _names("Nodong-1", "Nodong", "Rodong-1", "Rodong", "Hwasong-7", "ノドン", "노동미사일", "노동 미사일"),
    ),
    "scud-er": (
        "Scud-ER",
        MissileClass.MRBM,
        _names("Scud-ER", "ER Scud", "extended-range Scud", "Hwasong-9", "スカッドER", "스커드-ER"),
    ),
    "scud": (
        "Scud",
        MissileClass.SRBM,
        _names("Scud-B", "Scud-C", "Scud", "KN-18", "Hwasong-5", "Hwasong-6", "スカッド", "스커드"),
    ),
    # The 300 mm multiple rocket launcher, whose rockets the ROK and the US class as short-range ballistic.
    "kn-09": ("KN-09", MissileClass.SRBM, _names("KN-09", "KN-SS-X-9")),
    "kn-02": ("KN-02", MissileClass.SRBM, _names("KN-02", "Toksa", "독사")),
    # The Soviet-era unguided FROG-5/7 (Luna) rockets, fired in salvos in 2014; classed short-range like the KN-02.
    "frog": ("FROG", MissileClass.SRBM, _names("FROG-7", "FROG-5", "FROG", "Luna-M", "フロッグ", "프로그")),
    "chollima-1": (
        "Chollima-1",
        MissileClass.SLV,
        _names("Chollima-1", "Chollima", "천리마-1", "천리마", "千里馬1", "千里馬"),
    ),
    "unha-3": ("Unha-3", MissileClass.SLV, _names("Unha-3", "은하-3", "銀河3", "ウンハ3", "ウナ3")),
    "unha-2": ("Unha-2", MissileClass.SLV, _names("Unha-2", "은하-2", "銀河2", "ウンハ2", "ウナ2")),
    "unha": ("Unha", MissileClass.SLV, _names("Unha", "Kwangmyongsong", "Kwangmyong")),
    "hwasal-1-ra-3": ("Hwasal-1 Ra-3", MissileClass.CRUISE, _names("Hwasal-1 Ra-3", "화살-1 라-3", "화살-1라-3")),
    "hwasal-2": ("Hwasal-2", MissileClass.CRUISE, _names("Hwasal-2", "화살-2", "ファサル2")),
    "hwasal": ("Hwasal", MissileClass.CRUISE, _names("Hwasal-1", "Hwasal", "화살-1", "ファサル1")),
    "pulhwasal": (
        "Pulhwasal-3-31",
        MissileClass.CRUISE,
        _names("Pulhwasal-3-31", "Pulhwasal", "불화살-3-31", "불화살"),
    ),
    # Anti-ship cruise missiles: the KN-01 (a Silkworm copy), the Kumsong-3 (KN-19) and the Padasuri-6.
    "kn-01": ("KN-01", MissileClass.CRUISE, _names("KN-01")),
    "kumsong-3": ("Kumsong-3", MissileClass.CRUISE, _names("Kumsong-3", "KN-19", "금성-3", "金星3")),
    "padasuri-6": ("Padasuri-6", MissileClass.CRUISE, _names("Padasuri-6", "바다수리-6")),
}

#: key -> (canonical name, pattern)
SITES: dict[str, tuple[str, Pattern]] = {
    "sohae": (
        "Sohae",
        _names(
            "Sohae",
            "Tongchang-ri",
            "Tongchangri",
            "Cholsan",
            "東倉里",
            "トンチャンリ",
            "西海衛星発射場",
            "동창리",
            "서해위성발사장",
            "철산",
        ),
    ),
    # Not 동해 (Tonghae): in Korean that is the East Sea.
    "tonghae": ("Musudan-ri", _names("Musudan-ri", "Tonghae", "Hwadae", "舞水端里", "무수단리", "화대")),
    "punggye-ri": ("Punggye-ri", _names("Punggye-ri", "Kilju", "豊渓里", "풍계리", "吉州", "길주")),
    "sunan": ("Sunan", _names("Sunan", "順安", "순안")),
    "sinpo": ("Sinpo", _names("Sinpo", "新浦", "신포")),
    "wonsan": ("Wonsan", _names("Wonsan", "Kalma", "元山", "원산", "葛麻", "갈마")),
    "kaechon": ("Kaechon", _names("Kaechon", "价川", "개천")),
    "sariwon": ("Sariwon", _names("Sariwon", "沙里院", "사리원")),
    "jagang": ("Jagang", _names("Jagang", "Chagang", "慈江道", "자강도")),
    "hamhung": ("Hamhung", _names("Hamhung", "Hamju", "咸興", "함흥", "함주")),
    "tongchon": ("Tongchon", _names("Tongchon", "通川", "통천")),
    "sukchon": ("Sukchon", _names("Sukchon", "粛川", "肅川", "숙천")),
    "samsok": ("Samsok", _names("Samsok", "三石", "삼석")),
    "pyongsong": ("Pyongsong", _names("Pyongsong", "平城", "평성")),
    "jangyon": ("Jangyon", _names("Jangyon", "長淵", "장연")),
    "pyongyang": ("Pyongyang", _names("Pyongyang", "平壌", "평양")),
}
