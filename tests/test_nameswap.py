"""Other people, or the same ones exchanged, in an article's words (`nameswap.name_conflict`)."""

from __future__ import annotations

from sourcetrace.anchorcompare import article_keys
from sourcetrace.match import MatchConfig, prepare
from sourcetrace.nameswap import name_conflict
from sourcetrace.records import Post
from sourcetrace.results import Span

URUGUAY = ("Uruguay beat the defending champion Argentina 2-0 in their FIFA World Cup qualifier on Thursday. Ronald "
           "Araujo and Darwin Nunez scored in each half, while Lionel Messi was seen putting his hands on the throat "
           "of Uruguay defender Mathias Olivera.")
ROCKETS = ("Ningbo Rockets' Arslan Adiljan took 28 points to help the team beat Shanghai Sharks 103-96 in the 9th round "
           "of the 2023-24 Chinese Basketball Association season on Monday, ending their seven-game losing streak.")


def _span(post: str, article: str, words: str) -> Span:
    return {"post": [post.index(words), post.index(words) + len(words)],
            "article": [article.index(words), article.index(words) + len(words)]}


def _conflict(post: str, article: str, *shared: str) -> str | None:
    """`name_conflict` of `post` against `article` where the two share the exact stretches `shared`
    (each at its first place in both)."""
    return name_conflict(prepare(Post(post), MatchConfig()), article, [_span(post, article, s) for s in shared],
                         article_keys(article))


def test_the_article_s_two_sides_exchanged_are_another_result() -> None:
    """Trial 78: the reversed result was a near_verbatim copy at 1.00 (trial 77 saw three more)."""
    post = "Argentina beat Uruguay 2-0 in their FIFA World Cup qualifier on Thursday."
    assert _conflict(post, URUGUAY, "2-0 in their FIFA World Cup qualifier on Thursday.") == "Uruguay ≠ Argentina"
    post = ("Shanghai Sharks beat Ningbo Rockets 103-96 in the 9th round of the CBA season on Monday, extending the "
            "Rockets' losing streak to eight games.")
    assert _conflict(post, ROCKETS, "Shanghai", "103-96 in the 9th round of the", "season on Monday,") \
        == "Ningbo Rockets ≠ Shanghai Sharks"


def test_another_person_in_the_same_words_is_another_event() -> None:
    post = "Lionel Messi and Julian Alvarez scored in each half in Buenos Aires."
    assert _conflict(post, URUGUAY, "scored in each half") == "Julian Alvarez ≠ Darwin Nunez"
    spokesperson = "Foreign Ministry spokesperson Wang Wenbin said on Monday that China firmly opposes the sanctions."
    assert _conflict("Foreign Ministry spokesperson Mao Ning said on Monday that China firmly opposes the sanctions.",
                     spokesperson, "Foreign Ministry spokesperson", "said on Monday that China firmly opposes the sanctions.") \
        == "Mao Ning ≠ Wang Wenbin"


def test_the_same_names_a_list_in_another_order_or_a_copy_are_no_conflict() -> None:
    # the article's own sides, as it writes them
    assert _conflict("Uruguay beat Argentina 2-0 in their FIFA World Cup qualifier on Thursday.", URUGUAY,
                     "2-0 in their FIFA World Cup qualifier on Thursday.") is None
    # a list written in another order: no roles exchanged
    article = "Japan, China and South Korea held trilateral talks in Busan on Sunday on trade and the environment."
    assert _conflict("China, Japan and South Korea held trilateral talks in Busan on Sunday on trade and the environment.",
                     article, "South Korea held trilateral talks in Busan on Sunday on trade and the environment.") is None
    # one person the article names elsewhere: not another person (the credit or a name moved up)
    assert _conflict("Lionel Messi and Darwin Nunez scored in each half.", URUGUAY, "scored in each half") is None
    # a name in another case is the same name
    article = "Президент России Владимир Путин провёл переговоры с председателем КНР в Кремле."
    assert _conflict("Президента России Владимира Путина ждут переговоры с председателем КНР в Кремле.", article,
                     "переговоры с председателем КНР в Кремле.") is None


def test_two_names_figures_exchanged_are_another_result() -> None:
    """Trial 78: the run-off's shares given to each other's candidate was near_verbatim at 1.00."""
    article = ("LIBERIA PRELIMINARY PRESIDENTIAL RUNOFF RESULTS SHOW PRESIDENT WEAH AT 49.11% AND OPPOSITION LEADER "
               "BOAKAI AT 50.89% WITH 99.58% OF POLLING STATIONS REPORTING")
    post = ("Liberia runoff: President Weah leads with 50.89% against opposition leader Boakai's 49.11% with 99.58% of "
            "polling stations reporting.")
    assert _conflict(post, article) == "Weah 50.89 ≠ 49.11"
    right = "Liberia runoff: Boakai leads with 50.89% against President Weah's 49.11% with 99.58% of polling stations reporting."
    assert _conflict(right, article) is None


def test_a_list_in_another_order_or_a_verb_turned_with_the_names_is_no_exchange() -> None:
    """Trial 79: "Outstanding young people from Japan, ROK and China …" (the article's "China, Japan
    and ROK") and "Аманда Лемос проиграла Чжан Вейли" ("Чжан Вейли победила Аманду Лемос") were
    refused as exchanged sides: 5 true copies lost. Only the same words between the two names in
    both texts exchange them."""
    article = "Outstanding young people from China, Japan and ROK have extensive exchanges online every year."
    assert _conflict("Outstanding young people from Japan, ROK and China have extensive exchanges online every year.",
                     article, "have extensive exchanges online every year.") is None
    article = "Чжан Вейли победила Аманду Лемос на турнире UFC 292 в Бостоне и сохранила титул."
    assert _conflict("Аманда Лемос проиграла Чжан Вейли на турнире UFC 292 в Бостоне и сохранила титул.", article,
                     "на турнире UFC 292 в Бостоне и сохранила титул.") is None


def test_another_person_after_the_same_title_is_another_event() -> None:
    """Trial 79: a capitalised title joins the name it stands before ("Vocero Mao Ning", "Maltese
    Foreign Minister Ian Borg", "Председатель КНР Си Цзиньпин"): the two names shared the title's
    words and were one; 9 false copies at 1.00."""
    article = "Vocero Wang Wenbin llama otra vez a EEUU a dejar de armar a Taiwán y de enviar señales erróneas."
    assert _conflict("Vocero Mao Ning llama otra vez a EEUU a dejar de armar a Taiwán y de enviar señales erróneas.",
                     article, "llama otra vez a EEUU a dejar de armar a Taiwán y de enviar señales erróneas.") \
        == "mao ning ≠ wang wenbin"
    article = "Председатель КНР Си Цзиньпин примет участие в церемонии открытия форума и выступит с речью."
    assert _conflict("Председатель КНР Ли Цян примет участие в церемонии открытия форума и выступит с речью.",
                     article, "примет участие в церемонии открытия форума и выступит с речью.") == "ли цян ≠ си цзиньпин"
    # the same person with and without the title, or spelled in another case, is no swap
    assert _conflict("Председатель Си Цзиньпин примет участие в церемонии открытия форума и выступит с речью.",
                     article, "примет участие в церемонии открытия форума и выступит с речью.") is None
