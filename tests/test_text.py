"""Vietnamese done right: slugs, folding, collation, tone-mark convention."""
from generator.text import collation_key, fold, slugify, tone_normalise, vi_sorted


def test_ascii_slugs():
    assert slugify("Đắk Nông") == "dak-nong"
    assert slugify("Khánh Hòa") == "khanh-hoa"
    assert slugify("Sở Lao động - Thương binh và Xã hội") == "so-lao-dong-thuong-binh-va-xa-hoi"


def test_folding_for_search():
    assert fold("Nội vụ") == "noi vu"
    assert fold("BẠO LỰC") == "bao luc"
    assert fold("Đắk") == "dak"


def test_collation_puts_d_stroke_after_d_not_after_z():
    names = ["Yên Bái", "Đắk Nông", "Điện Biên", "Cao Bằng", "Gia Lai", "Dak", "Ê", "An Giang", "Ăn", "Ân"]
    assert vi_sorted(names) == ["An Giang", "Ăn", "Ân", "Cao Bằng", "Dak", "Đắk Nông", "Điện Biên", "Ê", "Gia Lai", "Yên Bái"]


def test_tones_only_break_ties():
    assert collation_key("ma") < collation_key("mà") < collation_key("mả") < collation_key("mã") < collation_key("má") < collation_key("mạ")
    assert collation_key("mạ") < collation_key("mac")


def test_old_and_new_tone_placement_compare_equal():
    assert tone_normalise("Khánh Hoà") == tone_normalise("Khánh Hòa")
    assert tone_normalise("thuỷ") == tone_normalise("thủy")
    assert tone_normalise("hoàn") == "hoàn"  # only word-final oa/oe/uy move
