"""Words that introduce, attribute and refer back to speech in Indonesian and English news.

Hand-compiled; the verb lists were read off the words that follow a closing quote mark and precede
an opening one in IndoSum articles outside the held-out set (bench/quality_quotes.py), most
frequent first.
"""

from __future__ import annotations


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


# "Budi mengatakan, ..." / "Budi said ...": the subject before the verb is the speaker. Verbs of
# saying, stating and reporting that take a clause; opinion verbs that news uses as reported speech
# ("Pengamat X menilai, ...") are in, verbs of thought ("yakin", "menduga") are out.
FORWARD_VERBS = _words(
    """
    mengatakan menyatakan berkata menegaskan menjelaskan mengungkapkan mengungkap menuturkan
    menambahkan menyebutkan menyebut mengklaim menilai memperingatkan melaporkan menyampaikan
    menerangkan memaparkan mengakui mengaku membantah menampik menekankan mengingatkan menulis
    menuliskan berkomentar menjawab mengemukakan mengutarakan membeberkan membeber menandaskan
    melanjutkan menjanjikan mengklarifikasi mengabarkan memberitakan
    bercerita menceritakan berujar bertutur berpendapat mengumumkan membenarkan mengimbau berpesan
    said says told stated added explained warned noted wrote claimed announced argued insisted
    stressed admitted denied replied asserted
    """
)

# A forward verb after a form of "be" is passive ("his story is to be told in a film", "he was
# told that ..."): its subject heard or is the topic, it said nothing.
BE_FORMS = _words("is was were are be been being am")

# Forward verbs that also mean "assess", "mention", "continue", "admit": they attribute speech only
# to someone ("Pengamat X menilai, ..."), not to a thing ("test event ini menilai persiapan ...").
WEAK_VERBS = _words(
    "menilai menyebut menyebutkan mengingatkan menjawab menulis membantah mengaku mengakui melaporkan melanjutkan"
)

# '"...," kata Budi' / '"...," katanya': the verb comes after the quote, the speaker after the verb
# (or "-nya" on the verb). Ambiguous words ("jelas" = clear, "tegas" = firm, "aku" = I) count
# only right after a closing quote mark or set off by commas.
INVERTED_VERBS = _words(
    """
    kata ujar ucap tutur ungkap tulis jelas terang imbuh lanjut tambah tegas tutup papar pungkas
    sambung bunyi cuit tanya sebut beber tukas tandas jawab kicau cetus seru kilah timpal sergah
    urai ulas kenang pinta ajak harap aku klaim sindir tuding konfirmasi
    said says added told wrote asked explained continued noted
    """
)
# Inverted verbs that mean speech outside a quote too ("Negara lain, kata dia, juga ...").
# English ones only after a comma, with the speaker after them: "..., said Derek Scissors."
ENGLISH_PARENTHETICAL_VERBS = _words("said says added explained noted continued")
PARENTHETICAL_VERBS = (
    _words("kata ujar ucap tutur ungkap imbuh tambah lanjut jelas terang tegas papar sambung")
    | ENGLISH_PARENTHETICAL_VERBS
)
# After a verb these start what was said, never who said it: "..., said that ...", "said he had".
NOT_SPEAKER_OPENERS = _words("that bahwa he she they it we i you")
# A clause, not a speaker, holds these: "..., said Epstein's death is a symptom ...".
AUXILIARIES = BE_FORMS | _words("has have had will would could can may might should must do does did")
# After an English speaker named behind the verb: how or when it was said ("said X in an email").
CHANNEL_STARTS = _words("in on at during via after before when while from")
# English verbs that end a report after their subject: "The economy will grow, Sri Mulyani said."
# (Indonesian puts its verb first: "..., kata Sri Mulyani.")
CLAUSE_FINAL_VERBS = _words("said says added told wrote explained noted warned")

# Passive attributions name a speaker without new content: "Hal itu diungkapkan Kementerian ...".
PASSIVE_VERBS = _words(
    """
    dikatakan disampaikan diungkapkan dijelaskan ditegaskan dinyatakan diutarakan dikemukakan
    diterangkan dipaparkan disebutkan
    """
)

# Before a forward verb these make it no speech: "menolak mengungkapkan waktu kunjungan".
# Modals too: "pengguna juga bisa langsung menyampaikan ..." says what could be said, not what was.
NEGATIONS = _words(
    "tidak tak belum enggan menolak ingin hendak bukan jangan urung bisa dapat boleh harus perlu mau "
    "not never refused declined"
)

# A speaker phrase made of these (plus fillers) refers back to an earlier speaker.
PRONOUNS = _words("ia dia beliau mereka pihaknya dirinya he she they it")
# People named before, counted: they speak together ("keduanya mengungkapkan"), as no one of them.
GROUPS = _words("keduanya ketiganya keempatnya kelimanya semuanya")
PERSONAL_PRONOUNS = _words("he she")  # English ones that mean a person, never a body
ANAPHORIC_TAILS = _words("tersebut itu ini")  # "pejabat tersebut", "kementerian itu"
FILLERS = _words(
    """juga pun lantas lalu kemudian pula sendiri lagi hanya sempat kembali telah sudah sebelumnya pernah
    akan masih sering kerap langsung bahkan malah umumnya konon akhirnya resmi cuma turut selanjutnya
    tentu kini lagi-lagi selalu senantiasa tetap also then"""
)
# Who never speaks in a report: the writer or reader ("Saya", "Anda juga bisa ..."; a quote's own
# "saya" is its speaker's, found by the quote's attribution), and prepositions that open a clause
# with no subject ("Tanpa menyebutkan nominal, kata Ken, ...").
# Nor do hearsay and the unnamed many ("Rumor mengatakan", "Fakta pun mengungkapkan", "Banyak yang
# mengatakan"), or a time ("Sebulan setelah mengumumkan ...").
NOT_SPEAKERS = _words(
    "saya aku kami kita gue gua anda kamu tanpa sesudah contohnya misalnya i "
    "fakta rumor kabar isu banyak ada sebulan"
)
# "..., demikian pula Menteri Sosial": "likewise", no attribution; "..., demikian tertulis di
# sisi flashdisk itu": what a thing bears, said by no one.
LIKEWISE = _words("pula juga halnya")
WRITTEN = _words("tertulis")

# Sentence openers that are never part of the speaker: "Namun Juru Bicara ..." -> "Juru Bicara ...".
DISCOURSE = _words(
    """
    namun tetapi tapi sementara itu sebelumnya selanjutnya kemudian lalu adapun bahkan selain
    sedangkan sebab karena oleh maka dan meski meskipun walau walaupun padahal akhirnya terpisah
    menurutnya pasalnya apalagi kendati bagaimanapun however but and meanwhile
    """
)
# Two-word openers of the same kind: "Lebih lanjut ia mengatakan", "Untuk itu Raga menyebut".
DISCOURSE_PAIRS = frozenset(
    {
        ("akan", "tetapi"),
        ("menurut", "dia"),  # "Namun, menurut dia pemerintah Myanmar menyatakan ...": as "menurutnya"
        ("menurut", "ia"),
        ("lebih", "lanjut"),
        ("lebih", "jauh"),
        ("untuk", "itu"),
        ("untuk", "itulah"),
        ("karena", "itu"),
        ("selain", "itu"),
    }
)
# A speaker phrase ends before these: "kata Budi di Jakarta", "Budi pada Rabu lalu mengatakan".
PHRASE_STOPS = _words(
    """
    di dalam pada saat ketika kepada seperti usai seusai setelah sebelum melalui lewat via sambil
    sembari kemarin yang dengan selaku saat soal terkait mengenai kala tatkala sebagaimana
    at in on during after before when while as to via from
    published released issued compiled conducted prepared obtained seen reviewed cited received
    """
)
# Quoted spans after these are names of works, slogans or terms, not speech.
TITLE_CUES = _words(
    """
    bertajuk berjudul judul film album lagu single tema program berjuluk dijuluki julukan bertuliskan
    istilah tagar slogan acara buku novel kampanye gerakan jargon motto sebutan disebut bernama
    berlabel label gelar predikat titled called dubbed named hashtag
    """
)
ACCORDING = _words("menurut according")  # "Menurut X, ..." / "according to X, ..."
THAT = _words("bahwa that")
# Lowercase words inside a person's title ("juru bicara Kremlin", "wakil menteri luar negeri"),
# besides the title cues of the entity backend.
TITLE_WORDS = _words(
    """
    bicara luar negeri dalam pertahanan keuangan agama utama pertama kedua senior muda umum besar
    urusan humas bidang kantor staf khusus harian fraksi komisi partai dewan daerah pusat
    """
)
# Words that join clauses, never names: a subject starts after the last one that follows a verb
# ("... dikenal bisa menekan nafsu makan dan perokok sering mengatakan": the subject is "perokok").
CONJUNCTIONS = _words("dan serta namun tetapi tapi sehingga karena lalu kemudian and but")
# Lowercase words that look like verbs by their prefix (me-, di-) but name people or bodies,
# Indonesian and English ("The director also ... noted" gave the speaker "The").
NOT_VERBS = _words(
    """menteri mereka mentor media diplomat dinas direksi dirut dirjen direktur divisi member members
    director directors diplomats dictator mentors merchant merchants mediator medics mechanic messenger
    meteorologist dignitaries"""
)

# --- English subjects (speakers.subject_phrase) ---

# Articles that open a description of the person just named: ", a trade professor at Cornell,".
APPOSITION_ARTICLES = _words("a an the")

# English puts the subject right before its verb: "This comes after police said ...": the
# speaker is "police", the words after the last of these.
ENGLISH_SUBORDINATORS = _words(
    "after before when where while because since although though once until unless as if"
)
# Words that open no subject after a subordinator, and adverbs that end one ("Gizmodo very
# recently explained").
NO_SUBJECT = _words("of that which what it there")
EMPTY_SUBJECT = NO_SUBJECT | _words("a an the this these those some only")  # no one named
ADVERBS = _words(
    """very recently also previously repeatedly already still just long always never often once
    again later earlier consistently reportedly publicly privately initially since then instead
    flat-out outright"""
)
# English past tenses not ending in -ed that end a subject before them ("Officials met ...").
IRREGULAR_PAST = _words(
    "went met took gave made held spoke came saw left sent told found kept brought began won lost ran wrote"
)
LY_NOUNS = _words(
    "family assembly supply rally reply ally anomaly monopoly butterfly jelly belly bully holly lily folly"
)
RELATIVES = _words("who whom whose which")  # "A spokesperson who did not wish ..."
# Times that end an Indonesian subject ("Bekraf hari ini mengumumkan", "... kemarin menyatakan"),
# and the nouns before "itu" that make a time of it ("saat itu"), not "that one".
TODAY = _words("kemarin besok semalam")
TIMES = _words("saat waktu ketika kala hari masa zaman")
# Someone not yet named, whom "yang ... itu" does not refer back to: "salah satu perusahaan yang ...
# tersebut", "sejumlah senator yang ... itu".
INDEFINITES = _words("salah sejumlah beberapa banyak seorang sebuah para semua")
# Times that open an English subject: "But yesterday judges said", "Today officials said".
ENGLISH_TIMES = _words("yesterday today tonight")
ENGLISH_LAST_TIMES = _words("night week weekend month year")  # "last night", which ends a subject
# Lowercase words in "-ing" that are nouns, not an aside's participle: "the building", "morning".
ING_NOUNS = _words(
    "morning evening building meeting ceiling spring string thing nothing something anything everything"
)
