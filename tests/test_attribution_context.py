"""Names equal to outlet names (issue 13, kind 3): a name credits an outlet only where a credit
stands (a cue, brackets at a sentence's end, a sign-off, a line's label, a list beside a
credit), not wherever it is written (Xinhua county, a person named Xinhua, "RT" the retweet
marker, "CNS" the nervous system, an outlet named as the subject of the news)."""

from __future__ import annotations

import pytest

from sourcetrace.attribution import analyze
from sourcetrace.outlets import Registry


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.load()


MENTIONS = [
    ("Spring tea picking has begun in Xinhua, a mountainous county in Hunan province", "xinhua"),
    ("Xinhua's Dafengshan tea terraces are covered in mist this morning 😍", "xinhua"),
    ("A Rua Xinhua, em Changsha, ganhou nova iluminação", "xinhua"),
    ("Xinhua, estudante chinesa de 22 anos, ganhou bolsa na USP", "xinhua"),
    ("Meet Xinhua, the panda cub born at the Chengdu base this summer 🐼", "xinhua"),
    ("La cadena de librerías Xinhua abre su primera tienda en Madrid", "xinhua"),
    ("В уезде Синьхуа провинции Хунань начался сбор чая", "xinhua"),
    ("بدء موسم قطف الشاي في محافظة شينخوا بمقاطعة هونان", "xinhua"),
    ("新华网吧今天开业，全场半价！", "xinhua"),
    ("中新网球友谊赛在新加坡举行", "cns"),
    ("第五届中新社会治理论坛在天津开幕", "cns"),
    ("环球网球公开赛门票今日开售", "globaltimes"),
    ("Improving people's daily life is the top priority", "peoplesdaily"),
    ("Blog 'Diário do Povo Ribeirinho' mostra a rotina das famílias", "peoplesdaily"),
    ("RT if you agree: the new line is amazing", "rt"),
    ("Apoyemos la causa (RT + seguir)", "rt"),
    ("Pacientes com lesões no SNC (CNS, em inglês) tiveram pior evolução", "cns"),
    ("Поражение ЦНС (CNS) выявлено у 12% пациентов", "cns"),
    ("Les images de vidéosurveillance (CCTV) montrent deux suspects", "cctv"),
    # an outlet as the subject of the news
    ("Reporters from Xinhua and the BBC were denied access to the summit venue", "xinhua"),
    ("El Gobierno expulsó a dos periodistas de la agencia Xinhua", "xinhua"),
    ("El Gobierno informó a Xinhua que no habrá cambios", "xinhua"),
    ("CGTN sanctionnée par l'Ofcom pour manque d'impartialité", "cgtn"),
    ("Correspondente da CGTN é barrado em coletiva no Planalto", "cgtn"),
    ("外媒记者参观新华社摄影部", "xinhua"),
    # a preposition before the name inside a sentence, or a tail after a mention
    ("Los periodistas de Xinhua visitaron la mina de Shanxi.", "xinhua"),
    ("Rescate en la mina. Mas informacion en el condado de Xinhua https://t.co/x", "xinhua"),
    ("Accidente en Shanxi. Reporters from Xinhua #China", "xinhua"),
    ("Nous voulons bâtir une Chine nouvelle, plus ouverte au monde.", "xinhua"),
    # trial 7: a plain mention stays one, and "(c)" as the third item of a list is no "©"
    ("No confíen en Xinhua, siempre mienten.", "xinhua"),
    ("Fotos de Xinhua, un condado de Hunan, muestran la cosecha de té", "xinhua"),
    ("Thanks to the folks at Xinhua for nothing", "xinhua"),
    ("Tres medidas: (a) cerrar, (b) abrir, (c) Xinhua dejará de acreditar a periodistas", "xinhua"),
]

CREDITS = [
    ("Spring tea picking has begun in Xinhua county 🍵 (Xinhua)", "xinhua"),
    ("В уезде Синьхуа начался сбор чая 🍵 /Синьхуа/", "xinhua"),
    ("ИПЦ Китая снизился на 0,5% /Синьхуа", "xinhua"),
    ("Récolte du thé dans le comté de Xinhua. Source : Xinhua", "xinhua"),
    ("新化县红茶出口增长三成 来源：新华社", "xinhua"),
    ("新华社北京12月10日电 国家统计局10日发布数据显示", "xinhua"),
    ("China: los precios cayeron 0,5 %, reporta Xinhua", "xinhua"),
    ("IPC caiu 0,5%, informou a agência Xinhua", "xinhua"),
    ("ИПЦ Китая снизился, сообщает «Жэньминь жибао»", "peoplesdaily"),
    ("ИПЦ Китая снизился, сообщает агентство Синьхуа", "xinhua"),
    ("La Chine lance un satellite 🚀 (Xinhua)", "xinhua"),
    ("BEIJING, 3 nov (Xinhua) -- El presidente se reunió hoy", "xinhua"),
    ("Rusia suspende el acuerdo (RT)", "rt"),
    ("Exportaciones récord\n\nXinhua", "xinhua"),
    ("Guerra comercial: Huawei responde a EEUU | Xinhua", "xinhua"),
    ("Xinhua: China's exports rose 8% in October", "xinhua"),
    ("人民日报评论：坚持高质量发展", "peoplesdaily"),
    ("Fuentes: Xinhua, CNS", "cns"),
    ("Foto: EFE/CNS", "cns"),
    ("El PIB creció (EFE/CNS)", "cns"),
    ("Radio Internacional de China / CRI", "cri"),
    ("CCTV+ footage shows rescue teams at work", "cctv"),
    ("Entrevista exclusiva con CGTN", "cgtn"),
    ("Xinhua's correspondent in Nairobi reports that the railway opened", "xinhua"),
    ("El artículo original en Xinhuanet detalla los acuerdos", "xinhua"),
    ("La Chine lance un nouveau satellite selon l'AFP", "afp"),
    # a sign-off phrase, or links and hashtags after the credit on its line (a fresh-user trial:
    # "Tomado de Xinhua", "de Xinhua", "por Xinhua" at a post's end were unattributed)
    ("Incendio en una mina de Shanxi. Tomado de Xinhua", "xinhua"),
    ("Incendio en una mina de Shanxi. de Xinhua", "xinhua"),
    ("Incendio en una mina de Shanxi.\npor Xinhua", "xinhua"),
    ("Incendio en una mina de Shanxi. Texto de Xinhua", "xinhua"),
    ("Fire at a coal mine in Shanxi. Taken from Xinhua", "xinhua"),
    ("Incendie dans une mine du Shanxi. Extrait de Xinhua", "xinhua"),
    ("Un video tomado de Xinhua muestra el incendio en la mina", "xinhua"),
    ("Incendio en una mina de Shanxi. Xinhua https://t.co/abc", "xinhua"),
    ("Incendio en una mina de Shanxi. Tomado de: Xinhua #China #Shanxi", "xinhua"),
    # French papers' name for Xinhua (a trial: unattributed unless written "Chine Nouvelle")
    ("Lancement de Shenzhou-16 mardi matin. Source : Chine nouvelle", "xinhua"),
    ("Lancement de Shenzhou-16 mardi matin (Chine nouvelle)", "xinhua"),
    # a form the registry lists, or a dropped apostrophe: no dodge (trial 7, joined names)
    ("Incendio en una mina de Shanxi. Fuente: Peoples Daily", "peoplesdaily"),
    ("Incendio en una mina de Shanxi. Fuente: XinhuaNet", "xinhua"),
    # trial 7: "(c)" is the ASCII form of "©", and a copyright notice may carry its year
    ("Incendio en una mina de Shanxi.\n(c) CGTN", "cgtn"),
    ("Incendio en una mina de Shanxi.\n(c) Xinhua", "xinhua"),
    ("Incendio en una mina de Shanxi. (C) CGTN", "cgtn"),
    ("Incendio en una mina de Shanxi. Copyright CGTN", "cgtn"),
    ("Incendio en una mina de Shanxi. © 2023 Xinhua", "xinhua"),
    (
        "Incendio en una mina de Shanxi. Copyright (c) 2019-2024 Xinhua. All rights reserved",
        "xinhua",
    ),
    # trial 7: the short credit forms of each language ("Info de Mundo China" was unattributed)
    ("Incendio en una mina de Shanxi.\nInfo de Mundo China", "mundo_china"),
    ("Incendio en una mina de Shanxi. Con info de Xinhua", "xinhua"),
    ("Incendio en una mina de Shanxi. Gentileza de CGTN", "cgtn"),
    ("Incêndio em mina de Shanxi. Infos do Mundo China", "mundo_china"),
    ("Incêndio em mina de Shanxi. Cortesia da CGTN", "cgtn"),
    ("Incendie dans une mine du Shanxi. Avec des informations de Xinhua", "xinhua"),
    ("Incendie dans une mine du Shanxi. Crédit photo : Xinhua", "xinhua"),
    ("Fire at a Shanxi coal mine. With information from Xinhua", "xinhua"),
    ("Fire at a Shanxi coal mine. Photo by Xinhua", "xinhua"),
    ("Пожар на шахте в Шаньси. По информации Синьхуа", "xinhua"),
    ("Пожар на шахте в Шаньси. По материалам Синьхуа", "xinhua"),
    ("Видео: Синьхуа, кадры с места пожара на шахте", "xinhua"),  # "В" looks Latin, "в" does not
    ("حريق في منجم فحم في شانشي. صورة: شينخوا", "xinhua"),
    ("حريق في منجم فحم في شانشي وفق شينخوا", "xinhua"),
    ("山西煤矿火灾 摘自新华社", "xinhua"),
    ("山西煤矿火灾（新华社供图）", "xinhua"),
]


# trial 74: "— compartido de CGTN en Español" was unattributed while "vía CGTN en Español" was
# attributed; where a post was shared or reposted from, spelled out in each language of the cues
SHARED_FROM = [
    ("Meng Hongwei, ex presidente de Interpol, condenado por aceptar sobornos. — compartido de CGTN en Español",
     "cgtn"),
    ("Meng Hongwei condenado por sobornos. Compartida desde Xinhua", "xinhua"),
    ("Meng Hongwei condenado por suborno. Compartilhado de CGTN", "cgtn"),
    ("Meng Hongwei condenado por suborno. Partilhado da Xinhua", "xinhua"),
    ("Meng Hongwei condamné pour corruption. Partagé depuis CGTN Français", "cgtn"),
    ("Meng Hongwei condamné pour corruption. Partagé de Xinhua", "xinhua"),
    ("Meng Hongwei jailed for bribery. Shared from Xinhua", "xinhua"),
    ("Meng Hongwei jailed for bribery. Reposted from China Daily", "chinadaily"),
    ("Meng Hongwei wegen Bestechung verurteilt. Geteilt von Xinhua", "xinhua"),
    ("Meng Hongwei condannato per corruzione. Condiviso da CGTN", "cgtn"),
    ("Мэн Хунвэй осуждён за взятки. Репост из Синьхуа", "xinhua"),
    ("الحكم على منغ هونغوي بتهمة الرشوة. منقول من شينخوا", "xinhua"),
    ("孟宏伟受贿案一审宣判 轉載自新華社", "xinhua"),
    ("孟宏伟受贿案一审宣判 转发自人民日报", "peoplesdaily"),
]
# ... and such a cue before anything but an outlet's name credits nobody
SHARED_FROM_NOTHING = [
    ("Compartido de mi amigo Xinhua, estudiante chino en Madrid", "xinhua"),
    ("Shared from my feed: reporters from Xinhua were denied access to the summit", "xinhua"),
    ("Compartilhado do grupo da família: a Rua Xinhua, em Changsha, ganhou nova iluminação", "xinhua"),
    ("Partagé depuis mon téléphone. Les images de vidéosurveillance (CCTV) montrent deux suspects", "cctv"),
    ("RT if you agree, shared from my cousin's wall", "rt"),
]


@pytest.mark.parametrize(("text", "outlet"), MENTIONS + SHARED_FROM_NOTHING)
def test_a_bare_name_is_no_credit(reg: Registry, text: str, outlet: str) -> None:
    result = analyze(text, outlet, reg)
    assert (result.status, result.credited, result.evidence) == ("unattributed", None, []), (
        result.to_dict()
    )


@pytest.mark.parametrize(("text", "outlet"), CREDITS)
def test_a_name_where_a_credit_stands_is_one(reg: Registry, text: str, outlet: str) -> None:
    result = analyze(text, outlet, reg)
    assert result.status == "attributed", result.to_dict()
    assert result.credited in (outlet, reg.family_of(outlet))
    for e in result.evidence:
        assert e.span is not None and text[e.span[0] : e.span[1]] == e.text


@pytest.mark.parametrize(("text", "outlet"), SHARED_FROM)
def test_shared_from_an_outlet_credits_it(reg: Registry, text: str, outlet: str) -> None:
    result = analyze(text, outlet, reg)
    assert result.status == "attributed", result.to_dict()
    assert result.credited in (outlet, reg.family_of(outlet))
    assert [e.rule for e in result.evidence] == ["name-alias"]



# ---- a name inside a longer name is the longer name's (trial 92) ----

# North Korea's KCNA, whose names hold Taiwan's CNA's, credited on a copy of a Xinhua article:
# KCNA is credited, never CNA
KCNA = [
    ("North Korea successfully tested a new Hwasong-18 solid-fuel intercontinental ballistic missile,"
     " the Korean Central News Agency said on Thursday."),
    "NORTH KOREA TESTS NEW MISSILE, KOREAN CENTRAL NEWS AGENCY SAYS",
    "North Korea tested a new missile, KCNA reported.",
    "Corea del Norte probó un nuevo misil, informó la Agencia Central de Noticias de Corea.",
    "朝鲜周二成功试射了一枚新型固体燃料洲际弹道导弹，朝鲜中央通讯社报道。",
    "朝鲜周二成功试射了一枚新型固体燃料洲际弹道导弹，据朝中社报道。",
]
# ... and Taiwan's CNA itself, in all the ways it is written
CNA = [
    "Taiwan reported 12 new cases on Monday, the Central News Agency reported.",
    "The Central News Agency said Taiwan reported 12 new cases on Monday.",
    "Taiwan reported 12 new cases on Monday, Taiwan's Central News Agency reported.",
    "Taiwan reported 12 new cases on Monday, Taiwan Central News Agency reported.",
    "Taiwan reported 12 new cases on Monday, the Central News Agency of Taiwan reported.",
    "台灣週一新增12例，據中央社報導。",
]


@pytest.mark.parametrize("text", KCNA)
def test_kcna_is_not_taiwans_cna(reg: Registry, text: str) -> None:
    result = analyze(text, "xinhua", reg)
    assert (result.status, result.credited) == ("unattributed", "kcna"), result.to_dict()
    assert {e.outlet for e in result.evidence} == {"kcna"}


def test_kcna_in_french_credits_no_cna(reg: Registry) -> None:
    result = analyze("La Corée du Nord a tiré un missile, a rapporté l'agence centrale de presse"
                     " nord-coréenne KCNA.", "xinhua", reg)
    assert "cna_tw" not in {e.outlet for e in result.evidence}


@pytest.mark.parametrize("text", CNA)
def test_taiwans_cna_is_still_credited(reg: Registry, text: str) -> None:
    assert analyze(text, "cna_tw", reg).status == "attributed"
    assert analyze(text, "xinhua", reg).credited == "cna_tw"


def test_trial92_1d_copy_of_an_article_naming_kcna_credits_nobody(reg: Registry) -> None:
    """Trial 92, 1d: the post names KCNA as the article it copies does: the copied news, no credit
    of anyone (it read `unattributed (credits cna_tw)`, evidence "Central News Agency")."""
    article = ("PYONGYANG, May 16 (Xinhua) -- The DPRK on Tuesday successfully test-fired a new"
               " solid-fuel intercontinental ballistic missile, the Korean Central News Agency reported.")
    result = analyze(KCNA[0], "xinhua", reg, article_text=article)
    assert (result.status, result.credited, result.evidence) == ("unattributed", None, [])


LONGER = """
version = 1
[[outlet]]
id = "wire"
name = "Central News Agency (Taiwan)"
state = false
family = "wire"
aliases = ["Central News Agency"]
[[outlet]]
id = "paper"
name = "Daily Telegraph"
state = false
family = "paper"
cased_aliases = ["Daily Telegraph"]
[[outlet]]
id = "agency"
name = "Xinhua"
state = true
family = "agency"
aliases = ["Xinhua News Agency"]
"""


@pytest.mark.parametrize(
    ("text", "credited"),
    [
        # a capitalised word glued before the name makes a longer name the registry lacks
        ("North Korea fired a missile, the Korean Central News Agency reported.", None),
        ("The minister resigned, the Sydney Daily Telegraph reported.", None),
        # not a cue, an article, a descriptor, a possessive or a word of the outlet's names
        ("Taiwan reported 12 cases, the Central News Agency reported.", "wire"),
        ("The Central News Agency said Taiwan reported 12 cases.", "wire"),
        ("Taiwan reported 12 cases, Taiwan's Central News Agency reported.", "wire"),
        ("Taiwan reported 12 cases, Taiwan Central News Agency reported.", "wire"),
        ("Exports rose, the Chinese Xinhua News Agency reported.", "agency"),
        ("Via Xinhua News Agency: exports rose.", "agency"),
        ("The minister resigned, the Daily Telegraph reported.", "paper"),
        # in capitals throughout there are no capitals to read
        ("NORTH KOREA FIRED A MISSILE, KOREAN CENTRAL NEWS AGENCY SAYS", "wire"),
    ],
)
def test_a_name_glued_to_a_capitalised_word_ends_a_longer_name(text: str, credited: str | None) -> None:
    reg = Registry.from_toml(LONGER)
    assert analyze(text, None, reg).credited == credited


def test_an_article_naming_a_longer_name_names_no_shorter_outlet() -> None:
    """An article's "Korean Central News Agency" does not name the Central News Agency: a post's
    credit of it is still a credit (`Scanner.mentions`)."""
    reg = Registry.from_toml(LONGER)
    article = "The DPRK test-fired a missile, the Korean Central News Agency reported."
    result = analyze("North Korea fired a missile, the Central News Agency reported.", "agency", reg,
                     article_text=article)
    assert (result.status, result.credited) == ("unattributed", "wire")
    assert analyze("North Korea fired a missile, the Central News Agency reported.", "agency", reg,
                   article_text="Taiwan's Central News Agency reported it.").credited is None


@pytest.mark.parametrize(
    ("text", "credited"),
    [
        # trial 93: a word capitalised because it opens the sentence, a day, a compass word or a
        # label before the outlet's name starts no longer name: the credit stands
        ("Yesterday Xinhua News Agency said: exports rose.", "xinhua"),
        ("Exports rose. Meanwhile Xinhua News Agency reported it.", "xinhua"),
        ("On Tuesday Xinhua News Agency reported that exports rose.", "xinhua"),
        ("Exports rose, the Communist Xinhua News Agency said.", "xinhua"),
        ("North Korea fired a missile, the North Korean Central News Agency reported.", "kcna"),
        # and a longer name the registry lacks still credits no shorter outlet
        ("North Korea fired a missile, the Pyongyang Central News Agency reported.", None),
    ],
)
def test_a_word_that_opens_a_sentence_or_tells_a_day_starts_no_longer_name(reg: Registry, text: str,
                                                                            credited: str | None) -> None:
    assert analyze(text, "xinhua", reg).credited == credited


# ---- where the outlet is from, between a cue and its name ----

# A country's name, its possessive or its adjective qualifies the outlet as "state" or "agency"
# does (`origins.mask`): "According to North Korea's KCNA" was `unattributed` while "According
# to KCNA" was attributed.
ORIGIN_CREDITS = [
    (("According to North Korea's KCNA, Kim Jong Un inspected the newly built Hungnam fertilizer"
      " complex on Thursday and praised workers for completing the 120,000-ton production line."), "kcna"),
    ("According to North Korea’s KCNA, Kim Jong Un inspected the fertilizer complex.", "kcna"),
    ("According to Pyongyang's KCNA, Kim Jong Un inspected the fertilizer complex.", "kcna"),
    ("According to the DPRK's KCNA, Kim Jong Un inspected the fertilizer complex.", "kcna"),
    ("According to North Korea's official state news agency KCNA, Kim inspected the complex.", "kcna"),
    ("According to China's Xinhua, exports rose 8% in October.", "xinhua"),
    ("According to Beijing's Xinhua, exports rose 8% in October.", "xinhua"),
    ("According to Chinese state media Xinhua, exports rose 8% in October.", "xinhua"),
    ("According to Russia's RT, the talks have stalled.", "rt"),
    ("According to the Kremlin's RT, the talks have stalled.", "rt"),
    ("According to Russian state media TASS, the talks have stalled.", "tass"),
    ("According to Iran's Press TV, the talks have stalled.", "presstv"),
    ("According to Hong Kong's Phoenix TV, the talks have stalled.", "phoenix"),
    ("Según la agencia norcoreana KCNA, Kim Jong Un inspeccionó el complejo.", "kcna"),
    ("Según la agencia china Xinhua, las exportaciones subieron.", "xinhua"),
    ("Según la cadena venezolana teleSUR, las exportaciones subieron.", "telesur"),
    ("Segundo a agência norte-coreana KCNA, a produção aumentou.", "kcna"),
    ("Selon l'agence officielle nord-coréenne KCNA, la production a augmenté.", "kcna"),
    ("Secondo l'agenzia nordcoreana KCNA, la produzione è aumentata.", "kcna"),
    ("Laut der staatlichen nordkoreanischen Nachrichtenagentur KCNA stieg die Produktion.", "kcna"),
    ("По сообщению северокорейского агентства ЦТАК, производство выросло.", "kcna"),
]
# ... and none where no credit stood before: a place is no cue, and a possessive of something
# else than a place or who runs an outlet ("the shop's CCTV") qualifies nothing
ORIGIN_NO_CREDITS = [
    ("According to the shop's CCTV, the thief ran off with the till.", "cctv"),
    ("According to China, Xinhua reporters were never barred.", "xinhua"),
    ("Sources in China said Xinhua reporters were barred from the venue.", "xinhua"),
    ("North Korea's KCNA Watch said the plant was finished.", "kcna"),
    ("Según el gobierno chino, Xinhua no tiene acceso.", "xinhua"),
]


@pytest.mark.parametrize(("text", "outlet"), ORIGIN_CREDITS)
def test_a_country_before_the_outlets_name_keeps_the_credit(reg: Registry, text: str, outlet: str) -> None:
    result = analyze(text, outlet, reg)
    assert (result.status, result.credited) == ("attributed", outlet), result.to_dict()
    assert [e.rule for e in result.evidence] == ["name-alias"]
    for e in result.evidence:
        assert e.span is not None and text[e.span[0] : e.span[1]] == e.text


@pytest.mark.parametrize(("text", "outlet"), ORIGIN_NO_CREDITS)
def test_a_country_is_no_cue_of_its_own(reg: Registry, text: str, outlet: str) -> None:
    result = analyze(text, outlet, reg)
    assert (result.status, result.credited) == ("unattributed", None), result.to_dict()


def test_a_country_before_an_altered_name_keeps_it_evasive(reg: Registry) -> None:
    result = analyze("According to China's Xinhau, exports rose.", "xinhua", reg)
    assert (result.status, result.credited) == ("evasive", "xinhua"), result.to_dict()
    assert [e.text for e in result.evidence] == ["According to China's Xinhau"]


def test_kcna_watch_is_no_credit_of_kcna() -> None:
    """KCNA Watch is NK News's site about KCNA, not the agency (the registry's exclude list):
    "According to KCNA Watch" credited KCNA before; a credit of KCNA beside it still counts."""
    reg = Registry.load()
    assert analyze("According to KCNA Watch, the plant was finished.", "kcna", reg).credited is None
    assert analyze("According to North Korea's KCNA Watch, the plant was finished.", "kcna", reg).credited is None
    assert analyze("KCNA Watch reported: the plant was finished.", "kcna", reg).credited is None
    assert analyze("According to KCNA, the plant was finished (via KCNA Watch).", "kcna", reg).credited == "kcna"


# ---- Korean and Japanese particles glued to a name ----

# "조선중앙통신이 보도했다" (KCNA reported) was `unattributed` while "조선중앙통신에 따르면"
# (according to KCNA) was attributed: a particle glued to the name hid the cue after it.
PARTICLE_CREDITS = [
    ("조선중앙통신이 보도했다: Kim Jong Un inspected the newly built Hungnam fertilizer complex.", "kcna"),
    ("조선중앙통신은 김정은 위원장이 흥남비료연합기업소를 현지지도했다고 보도했다.", "kcna"),
    ("조선중앙통신의 보도에 따르면 김정은 위원장이 공장을 시찰했다.", "kcna"),
    ("조선중앙통신을 인용해 김정은 위원장이 공장을 시찰했다고 전했다.", "kcna"),
    ("조선중앙통신사가 보도했다: 김정은 위원장이 공장을 시찰했다.", "kcna"),
    ("김정은 위원장이 공장을 시찰했다고 조선중앙통신이 전했다.", "kcna"),
    ("김정은 위원장이 공장을 시찰했다.\n조선중앙통신에서", "kcna"),
    ("조선중앙통신은: 김정은 위원장이 공장을 시찰했다.", "kcna"),
    ("KCNA는 김정은 위원장이 공장을 시찰했다고 밝혔다.", "kcna"),
    ("신화통신은 중국의 10월 수출이 8% 늘었다고 보도했다.", "xinhua"),
    ("신화사가 중국의 10월 수출이 8% 늘었다고 전했다.", "xinhua"),
    ("신화통신사가 보도했다: 중국의 10월 수출이 8% 늘었다.", "xinhua"),
    ("신화통신과 조선중앙통신이 보도했다: 수출이 늘었다.", "xinhua"),
    ("新華社によると、中国の輸出は8%増えた。", "xinhua"),
    ("新華社通信によると、中国の輸出は8%増えた。", "xinhua"),
    ("新華社は中国の輸出が8%増えたと報じた。", "xinhua"),
    ("朝鮮中央通信が報じた。金正恩氏が工場を視察した。", "kcna"),
    ("朝鮮中央通信社の報道によると、金正恩氏が工場を視察した。", "kcna"),
]
PARTICLE_NOT_OURS = [
    ("연합뉴스에서 중국의 수출이 늘었다고 보도했다.", "yonhap"),
    ("연합뉴스에 따르면 중국의 수출이 늘었다.", "yonhap"),
]
# A name that only starts a longer word, or a name made the subject of no report, is no credit
PARTICLE_NO_CREDITS = [
    ("출처: 신화사전", "xinhua"),  # a dictionary of myths, not 신화사
    ("신화사전에 따르면 용은 하늘을 난다.", "xinhua"),
    ("연합뉴스TV에 따르면 수출이 늘었다.", "yonhap"),  # Yonhap News TV is another channel
    ("조선중앙통신은 북한의 국영 통신사다.", "kcna"),  # "KCNA is North Korea's state agency"
    ("조선중앙통신사진첩을 샀다.", "kcna"),
]


@pytest.mark.parametrize(("text", "outlet"), PARTICLE_CREDITS)
def test_a_particle_glued_to_a_name_keeps_the_credit(reg: Registry, text: str, outlet: str) -> None:
    result = analyze(text, outlet, reg)
    assert (result.status, result.credited) == ("attributed", outlet), result.to_dict()
    assert {e.rule for e in result.evidence} == {"name-alias"}


@pytest.mark.parametrize(("text", "outlet"), PARTICLE_NOT_OURS)
def test_a_particle_glued_to_another_outlets_name_credits_it(reg: Registry, text: str, outlet: str) -> None:
    result = analyze(text, "xinhua", reg)
    assert (result.status, result.credited) == ("unattributed", outlet), result.to_dict()


@pytest.mark.parametrize(("text", "outlet"), PARTICLE_NO_CREDITS)
def test_a_name_inside_a_longer_korean_word_is_no_credit(reg: Registry, text: str, outlet: str) -> None:
    result = analyze(text, outlet, reg)
    assert (result.status, result.credited, result.evidence) == ("unattributed", None, []), result.to_dict()


# A user trial (kinds a-f): credits that were read as no credit.
TRIAL_CREDITS = [
    # a: a name in capitals, then what kind of outlet it is, then the reporting verb
    ("Russia's TASS news agency reported that the bridge opened.", "tass"),
    ("TASS news agency reported that the bridge opened.", "tass"),
    ("KCNA news agency reported that the missile flew.", "kcna"),
    ("North Korea's official KCNA news agency reported that the missile flew.", "kcna"),
    ("Russia's TASS agency reported the bridge opened.", "tass"),
    ("TASS News Agency reported that the bridge opened.", "tass"),
    # b: brackets holding where the outlet is from or what it is
    ("The missile flew off the east coast. (North Korea's KCNA)", "kcna"),
    ("The missile flew off the east coast. (state media KCNA)", "kcna"),
    ("Rusia inauguró un puente. (agencia rusa TASS)", "tass"),
    ("China opened a railway. (Chinese state media Xinhua)", "xinhua"),
    # ... inside a sentence too: a gloss of a word says neither where from nor what it is
    ("Pyongyang (North Korea's KCNA) said the missile flew off the east coast.", "kcna"),
    ("Moscú (agencia rusa TASS) informó hoy del acuerdo.", "tass"),
    # c: a bracket between the name and a Korean or Japanese particle
    ("김정은이 미사일 발사를 참관했다고 조선중앙통신(KCNA)이 전했다.", "kcna"),
    ("김정은이 미사일 발사를 참관했다고 조선중앙통신(KCNA)이 보도했다.", "kcna"),
    ("조선중앙통신(KCNA)은 김정은이 공장을 방문했다고 보도했다.", "kcna"),
    ("中国の高速鉄道が開通したと新華社（Xinhua）が報じた。", "xinhua"),
    # d: a Xinhua dispatch (新華社電), and the Japanese reading of its name
    ("新華社電によると、中国の高速鉄道が開通した。", "xinhua"),
    ("中国の高速鉄道が開通したと新華社電が伝えた。", "xinhua"),
    ("中国の高速鉄道が開通したと新華通信が報じた。", "xinhua"),
    ("中国の高速鉄道が開通したと新華通信社が報じた。", "xinhua"),
    # e: a report opened by the name and running over two sentences
    (("조선중앙통신은 김정은 동지께서 평양종합병원 준공식에 참석하시였다. 병원은 하루 3천여명의 환자를 "
      "치료할수 있다고 보도했다."), "kcna"),
    (("新華社は、中国の高速鉄道の営業距離が5万キロを超える見通しだ。新たに開通する路線は雲南省と広西を"
      "結ぶと伝えた。"), "xinhua"),
    # f: Polish, Czech and Ukrainian cues and adjectives
    ("Według rosyjskiej agencji TASS Rosja otworzyła most.", "tass"),
    ("Według chińskiej państwowej agencji Xinhua Chiny otworzyły kolej.", "xinhua"),
    ("Podle ruské agentury TASS Rusko otevřelo most.", "tass"),
    ("За даними російського агентства ТАСС, міст відкрито.", "tass"),
    # g (trial 95): a name ending the post, set off by an emoji or a hashtag instead of a full stop
    ("The same wild giant panda was caught drinking at one pond 4 times in 5 days 🐼 Xinhua", "xinhua"),
    ("The same wild giant panda was caught drinking at one pond 4 times in 5 days #panda Xinhua", "xinhua"),
    ("同一只野生大熊猫5天内4次到同一水塘饮水 🐼 新华社", "xinhua"),
    ("Un panda salvaje bebió 4 veces en 5 días en el mismo estanque 🐼 Agencia Xinhua", "xinhua"),
]

TRIAL_NO_CREDITS = [
    ("KCNA Watch reported the missile flew.", "kcna"),
    ("KCNA Watch news reported the launch.", "kcna"),
    ("According to China, Xinhua reporters saw the bridge.", "xinhua"),
    ("The shop's CCTV showed the thief.", "cctv"),
    ("Sources in China said Xinhua reporters were present.", "xinhua"),
    ("신화사전에 따르면 이 단어는 오래되었다.", "xinhua"),
    ("연합뉴스TV가 보도했다.", "yonhap"),
    # a sentence about the outlet, alone or before another's report
    ("조선중앙통신은 북한의 국영 통신사다.", "kcna"),
    ("조선중앙통신은 북한의 국영 통신사다. 김정은은 공장을 방문했다고 보도했다.", "kcna"),
    ("조선중앙통신은 어제 창립 75주년을 맞았다. 연합뉴스는 행사가 열렸다고 보도했다.", "kcna"),
    ("新華社は中国の国営通信社だ。同社は新しい路線が開通すると伝えた。", "xinhua"),
    # kind words after a name with no verb, or capitalised into a longer name
    ("TASS news agency is a Russian state outlet.", "tass"),
    ("China News Network reported that the bridge opened.", "cns"),
    # brackets with an article alone gloss a word
    ("The nervous system (the CNS) was damaged.", "cns"),
    ("Las cámaras de vigilancia (CCTV) muestran el ataque.", "cctv"),
    # ... not a name inside the sentence, nor one after a word alone
    ("Pandas 🐼 live in Xinhua county", "xinhua"),
    ("We visited #Chengdu and Xinhua", "xinhua"),
    ("The panda drank at the pond near Xinhua", "xinhua"),
]


@pytest.mark.parametrize(("text", "outlet"), TRIAL_CREDITS)
def test_trial_credits_with_descriptors_brackets_and_runs(reg: Registry, text: str, outlet: str) -> None:
    result = analyze(text, outlet, reg)
    assert (result.status, result.credited) == ("attributed", outlet), result


@pytest.mark.parametrize(("text", "outlet"), TRIAL_NO_CREDITS)
def test_trial_no_credits_stay_none(reg: Registry, text: str, outlet: str) -> None:
    result = analyze(text, outlet, reg)  # another outlet may be credited ("연합뉴스는 …고 보도했다")
    assert result.status == "unattributed" and result.credited != outlet, result


# Trial 108: "(mundo china)" ending a post read as no credit, while "(Mundo China)" was one. A cased
# name of two or more words in lower case counts where only a credit stands: alone in brackets
# that end a line, or after a credit label that opens its line (or brackets) and runs to its end.
# It is the outlet's name, read as a reader and a name search in any case read it: `name-alias`.
LOWER_CASE_CREDITS = [
    (("Um chinês usou 500 pneus descartados para criar um dragão realista de quatro metros,"
      " intrincadamente detalhado. (mundo china)"), "mundo_china"),
    ("Um chinês usou 500 pneus descartados para criar um dragão. (mundo china) https://t.co/x", "mundo_china"),
    ("Un chino usó 500 neumáticos para crear un dragón.\nvía mundo china", "mundo_china"),
    ("Un chino usó 500 neumáticos para crear un dragón.\nFuente: mundo china", "mundo_china"),
    ("Un chino usó 500 neumáticos para crear un dragón (vía mundo china)", "mundo_china"),
    ("Um chinês usou 500 pneus para criar um dragão.\n\nfonte: mundo china 🇨🇳", "mundo_china"),
    ("China's exports rose 8% in November.\nSource: global times", "globaltimes"),
    ("China's exports rose 8% in November (china daily)", "chinadaily"),
    # a context name of two words too (trial 109: "(china news)" was none, "(China News)" one)
    ("Las exportaciones de China subieron un 8 % en noviembre (china news)", "cns"),
    ("Las exportaciones de China subieron un 8 % en noviembre.\nFuente: china news", "cns"),
]
# ... but the same words in running prose stay words: no credit to anyone
LOWER_CASE_PROSE = [
    ("En el mundo china es el mayor exportador de acero.", "mundo_china"),
    ("El crecimiento en el mundo, china y rusa lideran la inversión.", "mundo_china"),
    ("el mundo, china y rusa firmaron el acuerdo ayer", "mundo_china"),
    ("Según el mundo, china y rusa deben cooperar.", "mundo_china"),
    ("Vía mundo china y rusa llegan las inversiones a la región", "mundo_china"),
    ("La economía del mundo (china incluida) se desacelera", "mundo_china"),
    ("Un nuevo orden (mundo china) está naciendo en Asia", "mundo_china"),
    ("Es el segundo mundo china, dice el informe.", "mundo_china"),
    ("Source: china daily reports show new cases fell", "chinadaily"),
    ("In these global times, trade matters (global times indeed) for all", "globaltimes"),
    ("Leo china news todos los días en el tren", "cns"),
    ("Mira esto (fotos de china news) y opina", "cns"),
    # an account's name in lower-case words (@ChinaDaily_Life) where more than a credit stands
    # (trial 109: "Source: china daily life, my own photos" was an evasive credit to China Daily)
    ("Beijing's hutongs at dawn.\nSource: china daily life, my own photos", "chinadaily"),
]


@pytest.mark.parametrize(("text", "outlet"), LOWER_CASE_CREDITS)
def test_a_lower_case_name_where_only_a_credit_stands_is_one(reg: Registry, text: str, outlet: str) -> None:
    result = analyze(text, outlet, reg)
    assert (result.status, result.credited) == ("attributed", outlet), result
    assert [e.rule for e in result.evidence] == ["name-alias"], result


@pytest.mark.parametrize(("text", "outlet"), LOWER_CASE_PROSE)
def test_a_lower_case_name_in_prose_is_no_credit(reg: Registry, text: str, outlet: str) -> None:
    result = analyze(text, outlet, reg)
    assert result.status == "unattributed" and result.evidence == [], result


@pytest.mark.parametrize(("post", "outlet"), [
    ("Lluvias en Guangdong https://t.co/abc vía people's daily", "peoplesdaily"),
    ("Lluvias en Guangdong https://t.co/abc via china daily", "chinadaily"),
    ("Lluvias en Guangdong https://t.co/abc vía mundo china.", "mundo_china"),
    ("Lluvias en Guangdong https://www.xinhuanet.com/english/2023-11/16/c_1234567890123.htm vía Xinhua", "xinhua"),
])
def test_a_credit_after_a_link_ending_the_post_is_a_credit(post: str, outlet: str) -> None:
    """Trial 109: "... https://t.co/abc vía people's daily", a tweet's usual end, was unattributed
    while the same credit on its own line, or after a hashtag, was attributed: a link sets the
    credit off from the text as a hashtag or an emoji does."""
    result = analyze(post, outlet, Registry.load())
    assert (result.status, result.credited) == ("attributed", outlet), result.to_dict()


def test_words_after_a_link_are_no_credit() -> None:
    result = analyze("Mira https://t.co/abc el mundo china es grande", "mundo_china", Registry.load())
    assert result.status == "unattributed", result.to_dict()


@pytest.mark.parametrize(("text", "rule"), [
    ("Beijing's hutongs at dawn.\nSource: china daily life", "name-alias"),
    ("Beijing's hutongs at dawn (china daily life)", "name-alias"),
    ("Beijing's hutongs at dawn.\nSource: China Daily Life, my photos", "name-alias"),
    ("Beijing's hutongs at dawn.\nSource: china.daily.life", "spaced-handle"),
])
def test_an_account_named_in_words_where_a_credit_stands_is_credited(text: str, rule: str) -> None:
    """China Daily's @ChinaDaily_Life written as its words: in lower case only where a credit
    alone stands; with its capitals, or broken by dots, as before."""
    result = analyze(text, "chinadaily", Registry.load())
    assert result.credited == "chinadaily" and [e.rule for e in result.evidence] == [rule], result.to_dict()
