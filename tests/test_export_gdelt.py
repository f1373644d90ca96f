"""The GDELT export read as GDELT 2.0 event files are read: the codebook's 61 columns, no header,
tab-separated, with the types GDELT users give them (pandas)."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from export_corpus import build_store

from newsgraph.cli import main as cli
from newsgraph.export.cameo import cameo_code, crosswalk
from newsgraph.export.gdelt import COLUMNS, write_gdelt
from newsgraph.model import ActorRef, Article, DateValue, Entity, Event, Mention, Span

# The GDELT 2.0 event table, in the codebook's order (GDELT Event Codebook V2.0, 2/19/2015).
GDELT2_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
]
INTEGERS = ["SQLDATE", "MonthYear", "Year", "IsRootEvent", "QuadClass", "NumMentions", "NumSources",
            "NumArticles", "Actor1Geo_Type", "Actor2Geo_Type", "ActionGeo_Type", "DATEADDED"]
FLOATS = ["FractionDate", "GoldsteinScale", "AvgTone"]
DTYPES = {column: "string" for column in GDELT2_COLUMNS} | {column: "Int64" for column in INTEGERS} \
    | {column: "float64" for column in FLOATS} | {"GLOBALEVENTID": "int64"}


def read_gdelt(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), sep="\t", header=None, names=GDELT2_COLUMNS, dtype=DTYPES,
                       quoting=csv.QUOTE_NONE, keep_default_na=False, na_values=[""])


# -- articles of our own --------------------------------------------------------------------------

VISIT = ("Emmanuel Macron a rendu visite à Olaf Scholz à Berlin mardi. La visite était attendue.\n\n"
         "Des soldats ont tué deux civils en août. Le club a gagné un prix en 2021. "
         "Une réunion est prévue dans les années 2020. Ils ne se sont pas rencontrés.")


def entity(entity_id: str, name: str, etype: str) -> Entity:
    start = VISIT.index(name)
    return Entity(entity_id, name, etype, mentions=[Mention(start, start + len(name), name)])  # type: ignore[arg-type]


MACRON, SCHOLZ = entity("e1", "Emmanuel Macron", "PER"), entity("e2", "Olaf Scholz", "PER")
BERLIN = entity("e3", "Berlin", "LOC")


def event(text: str, event_id: str, etype: str, mode: str | None, trigger: str, *,
          source: list[ActorRef], target: list[ActorRef] | None = None, date: DateValue | None = None,
          date_from: str = "text", modality: str = "asserted", also: tuple[str, ...] = (),
          place: ActorRef | None = None) -> Event:
    start = text.index(trigger)
    mentions = [Span(text.index(word), text.index(word) + len(word), word) for word in also]
    return Event(event_id, etype, mode, Span(start, start + len(trigger), trigger), (0, len(text)),
                 source=source, target=target or [], place=place, date=date,
                 date_from=date_from,  # type: ignore[arg-type]
                 modality=modality, mentions=mentions, lemma=trigger)


def visit_article(article_id: str, *, outlet: str, url: str, date: str,
                  also: tuple[str, ...] = ()) -> Article:
    macron, scholz = ActorRef("e1", "Emmanuel Macron"), ActorRef("e2", "Olaf Scholz")
    return Article(
        id=article_id, source=f"{article_id}.txt", text=VISIT, lang="fr", date=DateValue.parse(date), url=url,
        outlet=outlet, entities=[MACRON, SCHOLZ, BERLIN],
        events=[event(VISIT, f"{article_id}_v", "CONSULT", "visit", "rendu visite", source=[macron],
                      target=[scholz], date=DateValue.parse("2023-09-12"), also=also,
                      place=ActorRef("e3", "Berlin"))],
    )


def dated_events() -> Article:
    """Events of every date precision, one with no CAMEO code, one negated."""
    soldiers, club = ActorRef(None, "soldats"), ActorRef(None, "club")
    return Article(
        id="a_dates", source="dates.txt", text=VISIT, lang="fr", date=DateValue.parse("2023-09-13"),
        url="https://c.example/dates", outlet="Le Matin",
        events=[
            event(VISIT, "k", "ASSAULT", "kill", "tué", source=[soldiers],
                  target=[ActorRef(None, "civils"), ActorRef(None, "passants")],
                  date=DateValue.parse("2023-08")),
            event(VISIT, "w", "OTHER", None, "gagné", source=[club], date=DateValue.parse("2021")),
            event(VISIT, "d", "CONSULT", "meet", "réunion", source=[ActorRef(None, "ministres")],
                  date=DateValue("2020s", "decade"), modality="planned"),
            event(VISIT, "n", "CONSULT", "meet", "rencontrés", source=[ActorRef(None, "ils")],
                  date=DateValue.parse("2023-09-13"), date_from="article", modality="negated"),
        ],
    )


def corpus() -> list[Article]:
    return [
        visit_article("a_later", outlet="The Daily", url="https://b.example/later", date="2023-09-14"),
        visit_article("a_first", outlet="Le Quotidien", url="https://a.example/first", date="2023-09-13",
                      also=("visite était",)),
        dated_events(),
    ]


def gdelt_text(articles: list[Article], **options: object) -> str:
    out = io.StringIO()
    write_gdelt(articles, out, **options)  # type: ignore[arg-type]
    return out.getvalue()


# -- the file ---------------------------------------------------------------------------------------


def test_the_columns_are_the_gdelt2_codebook_s() -> None:
    assert list(COLUMNS) == GDELT2_COLUMNS and len(COLUMNS) == 61


def test_the_file_loads_with_the_codebook_columns_and_types() -> None:
    text = gdelt_text(corpus())
    assert all(len(line.split("\t")) == 61 for line in text.splitlines())
    frame = read_gdelt(text)
    assert len(frame) == 6  # the visit told by two articles is one row; two targets, two rows
    ids = frame["GLOBALEVENTID"]
    assert ids.is_unique and (ids > 0).all() and (ids < 2**63).all()
    days = frame["SQLDATE"].dropna()
    assert all(pd.Timestamp(str(day)).strftime("%Y%m%d") == str(day) for day in days)
    assert (frame["MonthYear"].dropna() // 100 >= 1900).all()
    coded = frame.dropna(subset=["EventCode"])
    assert coded["EventCode"].str.fullmatch(r"\d{3,4}").all()
    assert (coded["EventBaseCode"] == coded["EventCode"].str[:3]).all()
    assert coded["EventRootCode"].str.fullmatch(r"\d\d").all()
    assert (coded["EventRootCode"] == coded["EventCode"].str[:2]).all()
    assert coded["QuadClass"].between(1, 4).all()
    assert frame["IsRootEvent"].isin([0, 1]).all()
    assert (frame["NumMentions"] >= frame["NumArticles"]).all() and (frame["NumArticles"] >= 1).all()
    assert (frame["NumSources"] <= frame["NumArticles"]).all()
    assert frame["SOURCEURL"].notna().all()


def test_an_event_told_by_two_articles_is_one_row_counted_over_both() -> None:
    frame = read_gdelt(gdelt_text(corpus())).drop_duplicates("Actor1Name").set_index("Actor1Name")
    visit = frame.loc["Emmanuel Macron"]
    assert (visit["EventCode"], visit["EventBaseCode"], visit["EventRootCode"], visit["QuadClass"]) == (
        "042", "042", "04", 1)
    assert (visit["NumArticles"], visit["NumSources"], visit["NumMentions"]) == (2, 2, 3)
    assert visit["SOURCEURL"] == "https://a.example/first"  # the earliest article
    assert visit["Actor2Name"] == "Olaf Scholz" and visit["ActionGeo_FullName"] == "Berlin"
    assert visit["IsRootEvent"] == 1 and frame.loc["soldats", "IsRootEvent"] == 0  # lead paragraph


def test_dates_at_the_precision_known_never_an_invented_day() -> None:
    frame = read_gdelt(gdelt_text(corpus())).drop_duplicates("Actor1Name").set_index("Actor1Name")
    visit = frame.loc["Emmanuel Macron"]
    assert (visit["SQLDATE"], visit["MonthYear"], visit["Year"]) == (20230912, 202309, 2023)
    assert visit["FractionDate"] == pytest.approx(2023 + (8 * 30 + 12) / 365, abs=1e-4)
    month = frame.loc["soldats"]  # "en août": a month
    assert pd.isna(month["SQLDATE"]) and pd.isna(month["FractionDate"])
    assert (month["MonthYear"], month["Year"]) == (202308, 2023)
    year = frame.loc["club"]
    assert pd.isna(year["SQLDATE"]) and pd.isna(year["MonthYear"]) and year["Year"] == 2021
    decade = frame.loc["ministres"]
    assert decade[["SQLDATE", "MonthYear", "Year", "FractionDate"]].isna().all()


@pytest.mark.parametrize(("week", "month", "year"), [
    ("2023-W52", 202312, 2023),  # 25-31 December
    ("2023-W35", None, 2023),  # 28 August - 3 September
    ("2020-W53", None, None),  # 28 December 2020 - 3 January 2021
])
def test_a_week_gives_the_month_or_year_it_lies_in(week: str, month: int | None, year: int | None) -> None:
    article = dated_events()
    article.events = [article.events[0]]
    article.events[0].date = DateValue(week, "week")
    row = read_gdelt(gdelt_text([article])).iloc[0]  # (and the second target's row: the same dates)
    assert pd.isna(row["SQLDATE"])
    assert (None if pd.isna(row["MonthYear"]) else row["MonthYear"]) == month
    assert (None if pd.isna(row["Year"]) else row["Year"]) == year


def test_a_cluster_takes_its_most_precise_text_date_and_a_week_never_meets_a_month() -> None:
    def told(article_id: str, value: str, precision: str | None = None) -> Article:
        article = visit_article(article_id, outlet=article_id, url=f"https://{article_id}.example/",
                                date="2023-09-14")
        article.events[0].date = DateValue(value, precision) if precision else DateValue.parse(value)  # type: ignore[arg-type]
        return article

    one = read_gdelt(gdelt_text([told("a", "2023"), told("b", "2023-09"), told("c", "2023-09-12")]))
    assert len(one) == 1 and (one.iloc[0]["NumArticles"], one.iloc[0]["SQLDATE"]) == (3, 20230912)
    # neither contains the other: two events, so the precision order need not rank weeks and months
    two = read_gdelt(gdelt_text([told("a", "2023-09"), told("b", "2023-W37", "week")]))
    assert list(two["NumArticles"]) == [1, 1]


def test_types_without_a_cameo_code_have_empty_codes() -> None:
    frame = read_gdelt(gdelt_text(corpus())).drop_duplicates("Actor1Name").set_index("Actor1Name")
    club = frame.loc["club"]  # OTHER, a general news type
    assert club[["EventCode", "EventBaseCode", "EventRootCode", "QuadClass"]].isna().all()
    killing = frame.loc["soldats"]
    assert (killing["EventCode"], killing["EventRootCode"], killing["QuadClass"]) == ("1823", "18", 4)


def test_ids_and_rows_are_the_same_on_every_run_and_modalities_filter() -> None:
    assert gdelt_text(corpus()) == gdelt_text(corpus())
    killing = read_gdelt(gdelt_text(corpus())).query("Actor1Name == 'soldats'")
    assert list(killing["Actor2Name"]) == ["civils", "passants"] and killing["GLOBALEVENTID"].is_unique
    factual = read_gdelt(gdelt_text(corpus(), modalities={"asserted", "planned"}))
    assert set(factual["Actor1Name"]) == {"Emmanuel Macron", "soldats", "club", "ministres"}
    everything = read_gdelt(gdelt_text(corpus()))
    assert set(factual["GLOBALEVENTID"]) < set(everything["GLOBALEVENTID"])


def test_the_header_option_writes_the_column_names_first() -> None:
    text = gdelt_text(corpus(), header=True)
    assert text.splitlines()[0].split("\t") == GDELT2_COLUMNS
    frame = pd.read_csv(io.StringIO(text), sep="\t", dtype=DTYPES, quoting=csv.QUOTE_NONE,
                        keep_default_na=False, na_values=[""])
    assert list(frame.columns) == GDELT2_COLUMNS and len(frame) == 6


def test_the_export_command_writes_gdelt_rows(tmp_path: Path) -> None:
    db = build_store(tmp_path)
    result = CliRunner().invoke(cli, ["export", "gdelt", "--db", db, "-o", "-"])
    assert result.exit_code == 0, result.output
    frame = read_gdelt(result.stdout)
    assert len(frame) == 4 and frame["GLOBALEVENTID"].is_unique
    result = CliRunner().invoke(cli, ["export", "gdelt", "--db", db, "--header", "--modality", "asserted",
                                      "-o", "-"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == GDELT2_COLUMNS and len(lines) == 1 + 3  # the hypothetical one left out


# -- the crosswalk ----------------------------------------------------------------------------------


def test_every_plover_category_and_mode_has_a_cameo_code_of_its_category() -> None:
    categories = json.loads(resources.files("newsgraph.nlp").joinpath("data", "plover_categories.json")
                            .read_text(encoding="utf-8"))
    roots = {"AGREE": {"03"}, "CONSULT": {"04"}, "SUPPORT": {"05"}, "COOPERATE": {"06"}, "AID": {"07"},
             "CONCEDE": {"08"}, "RETREAT": {"08"}, "REQUEST": {"10"}, "ACCUSE": {"09", "11"},
             "REJECT": {"12"}, "THREATEN": {"13"}, "PROTEST": {"14"}, "MOBILIZE": {"15"},
             "SANCTION": {"16", "11"}, "COERCE": {"17"}, "ASSAULT": {"17", "18", "19", "20"}}
    for etype, spec in categories["plover"].items():
        for mode in [None, *spec["modes"]]:
            code = cameo_code(etype, mode)
            assert code is not None and code.root in roots[etype], (etype, mode, code)
    for etype in [*categories["general"], "APPOINT", "ELECTION", "PUBLISH", "TRAVEL"]:
        assert cameo_code(etype, None) is None
    assert cameo_code("STATEMENT", "say") is not None and cameo_code("STATEMENT", "say").code == "010"  # type: ignore[union-attr]
    assert all(etype in categories["plover"] or etype == "STATEMENT" for etype, _mode in crosswalk())
