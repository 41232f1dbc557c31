"""What an article is compared by: shingles, MinHash, LSH bands, its vector and the date it reports on."""

from __future__ import annotations

import math
import struct

from service.pipeline.document import Entity, Mention
from service.stories import signatures

PARAGRAPHS = [
    "Presiden Rusia Vladimir Putin tiba di Pyongyang pada Rabu dini hari untuk kunjungan kenegaraan dua hari.",
    "Pemimpin Korea Utara Kim Jong Un menyambut Putin di bandara, menurut kantor berita KCNA.",
    "Kedua pemimpin dijadwalkan menandatangani perjanjian kemitraan strategis yang mencakup kerja sama keamanan.",
    "Amerika Serikat dan Korea Selatan menyatakan keprihatinan atas kerja sama militer kedua negara.",
    "Kremlin mengatakan kunjungan itu menandai babak baru hubungan Moskow dan Pyongyang, kata juru bicara Dmitry Peskov.",
]
OTHER = (
    "Tim nasional Indonesia menang 2-0 atas Vietnam dalam laga kualifikasi Piala Dunia di Stadion Gelora "
    "Bung Karno, Jakarta, Selasa malam. Gol dicetak pada babak kedua oleh penyerang muda yang baru debut."
)


def entity(text: str, count: int = 1) -> Entity:
    return Entity(text, "PERSON", [Mention(text, 0, len(text))] * count)


def test_a_republished_copy_keeps_most_shingles_another_article_shares_none() -> None:
    original = "\n".join(PARAGRAPHS)
    copy = "\n".join(
        ["Baca Juga: Harga Cabai Naik", PARAGRAPHS[0], PARAGRAPHS[2], PARAGRAPHS[1], PARAGRAPHS[3]]
    )
    sig = signatures.minhash(signatures.shingles(original))
    assert len(sig) == 4 * signatures.NUM_PERM
    assert signatures.jaccard(sig, signatures.minhash(signatures.shingles(original))) == 1.0
    assert signatures.jaccard(sig, signatures.minhash(signatures.shingles(copy))) >= 0.5
    assert signatures.jaccard(sig, signatures.minhash(signatures.shingles(OTHER))) < 0.2


def test_bands_agree_exactly_where_the_signature_does() -> None:
    sig = signatures.minhash(signatures.shingles("\n".join(PARAGRAPHS)))
    bands = signatures.bands(sig, rows=3)
    assert len(bands) == signatures.NUM_PERM // 3 and len(set(bands)) == len(bands)
    changed = bytearray(sig)
    changed[0] ^= 0xFF  # one value of the first band differs
    other = signatures.bands(bytes(changed), rows=3)
    assert other[0] != bands[0] and other[1:] == bands[1:]


def test_empty_and_short_bodies() -> None:
    assert signatures.minhash(signatures.shingles("")) == b""
    assert signatures.shingles("Dua kata") == {b"dua kata"}


def test_vector_is_unit_length_rare_names_weigh_most() -> None:
    people = [entity("Kim Hong-kyun", 2), entity("Kurt Campbell"), entity("Korea Utara")]
    vector = signatures.features("\n".join(PARAGRAPHS), people)
    assert math.isclose(sum(v * v for v in vector.values()), 1.0, rel_tol=1e-9)
    assert len(vector) <= signatures.VectorWeights().max_features
    assert "t:yang" not in vector and "t:dan" not in vector  # the commonest words carry nothing
    # More mentions weigh more; a name of common words ("Korea Utara") less than a rare one (at a
    # boost where all three names are among the strongest features kept).
    vector = signatures.features("\n".join(PARAGRAPHS), people, signatures.VectorWeights(entity_boost=1.0))
    assert vector["e:kim hong kyun"] > vector["e:kurt campbell"] > vector["e:korea utara"]
    terms_only = signatures.features(OTHER, [entity("Vietnam")], signatures.VectorWeights(entity_boost=0))
    assert terms_only and not any(k.startswith("e:") for k in terms_only)


def test_entity_names_match_across_spellings_most_mentioned_first() -> None:
    names = signatures.entity_names(
        [entity("Kim Hong-kyun"), entity("Kurt Campbell", 3), entity("KIM HONG KYUN")]
    )
    assert names == ["kurt campbell", "kim hong kyun"]


def test_packed_vector_layout() -> None:
    packed = signatures.pack_vector({"t:pyongyang": 0.6, "e:vladimir putin": 0.8})
    assert len(packed) == 12
    entries = {struct.unpack(">IH", packed[i : i + 6]) for i in (0, 6)}
    assert entries == {
        (signatures.feature_id("t:pyongyang"), 39321),
        (signatures.feature_id("e:vladimir putin"), 52428),
    }


def test_event_day_from_publication_else_the_latest_date_in_the_body() -> None:
    day = signatures.event_day("Pada Jumat (14/6/2024) pejabat bertemu.", "2024-06-15T02:02:00+07:00")
    assert day == signatures.event_day("", "2024-06-15T09:00:00")  # the publication date wins
    assert signatures.event_day("Senin (10/6/2024) lalu dan Jumat (14/6/2024).", None) == day - 1
    assert signatures.event_day("Tanpa tanggal; (31/2/2024) bukan tanggal.", None) is None
