"""Peak memory of extracting one long article, French and English, per size (issue #16).

Usage::

    .venv/bin/python benchmarks/long_articles.py                          # fr, en × 0.25, 0.5, 1, 2 MiB
    .venv/bin/python benchmarks/long_articles.py --sizes 0.25,1 --langs fr
    .venv/bin/python benchmarks/long_articles.py --stages --sizes 1     # where the memory goes
    .venv/bin/python benchmarks/long_articles.py --tracemalloc --sizes 0.25
    .venv/bin/python benchmarks/long_articles.py --json out/long.json

Articles are built here, from sentences this script makes itself (576 people's names,
places, organisations, dates, speech verbs, direct and indirect quotes, events), seeded, grouped in
paragraphs of three to six sentences, until the text reaches the size in UTF-8 bytes
(1 MiB = 1,048,576 bytes, the unit of ``Settings.max_bytes``).  Nothing is read from the
evaluation sets.

Each (language, size) runs in a fresh process, so its peak RSS is its own: the child loads
both models and warms them up on a short article of each language (the state of a worker
before its first article), reads ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` (the
*baseline*), extracts the long article with ``newsgraph.extract`` and reads it again (the
*peak*).  Reported: baseline, peak, peak − baseline, and that difference per MiB of text.
``--tracemalloc`` also records the peak of Python allocations during the extraction
(numpy's and spaCy's memory pools included; slow).  ``--stages`` runs, instead of one
extraction, the runner's steps one by one with a thread sampling the resident set every
2 ms, and reports each step's peak above the RSS before it: parsing one chunk, parsing all
the chunks, joining them with ``Doc.from_docs``, and each component.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
MIB = 1024 * 1024
DEFAULT_SIZES = (0.25, 0.5, 1.0, 2.0)
DEFAULT_LANGS = ("fr", "en")
DEFAULT_SEED = 16

# -- the sentences -------------------------------------------------------------------------

_WORDS: dict[str, dict[str, Sequence[str]]] = {
    "fr": {
        "first": ("Emmanuel", "Anne", "Gabriel", "Marine", "Christine", "Jean", "Élisabeth", "Sophie",
                  "Laurent", "Olivier", "Nathalie", "François", "Valérie", "Bruno", "Agnès", "Pierre",
                  "Claire", "Thomas", "Isabelle", "Julien", "Camille", "Nicolas", "Léa", "Antoine"),
        "last": ("Macron", "Hidalgo", "Attal", "Lagarde", "Castex", "Borne", "Binet", "Berger", "Faure",
                 "Pécresse", "Le Maire", "Dupont", "Moreau", "Lefèvre", "Girard", "Bonnet", "Mercier",
                 "Rousseau", "Fontaine", "Chevalier", "Garnier", "Lambert", "Roussel", "Gauthier"),
        "role": ("le président", "la ministre de la Santé", "le porte-parole du gouvernement",
                 "la maire de Lyon", "le secrétaire général", "la députée", "le syndicaliste"),
        "place": ("Paris", "Lyon", "Marseille", "Berlin", "Bruxelles", "Kiev", "Genève", "Toulouse",
                  "Lille", "Nantes", "Strasbourg", "Bordeaux"),
        "org": ("l'ONU", "la Commission européenne", "la CGT", "l'Assemblée nationale", "l'OTAN",
                "la Banque centrale européenne", "Renault", "la SNCF", "Médecins sans frontières"),
        "date": ("mardi", "lundi soir", "le 3 mars 2024", "hier", "la semaine dernière", "le 14 juillet",
                 "jeudi matin", "en janvier"),
        "speech": ("a déclaré", "a affirmé", "a expliqué", "a estimé", "a assuré", "a dénoncé"),
        "quote": ("Nous devons agir vite", "La situation est grave mais pas désespérée",
                  "Personne ne sera laissé de côté", "Nous ne céderons pas",
                  "Il faut écouter les habitants", "Les chiffres parlent d'eux-mêmes",
                  "Ce projet est une erreur historique", "Le dialogue reste possible"),
        "clause": ("le gouvernement préparait une nouvelle loi", "les négociations allaient reprendre",
                   "la réforme serait appliquée dès l'automne", "les prix continueraient de baisser",
                   "l'accord avait été signé dans la nuit"),
        "event": ("a rencontré", "a critiqué", "a félicité", "a accusé", "a soutenu", "a reçu"),
        "topic": ("la hausse des prix", "la réforme des retraites", "la guerre en Ukraine",
                  "la crise du logement", "le budget de l'État", "la transition énergétique"),
        "filler": ("Les manifestants se sont rassemblés devant la préfecture",
                   "Le texte sera examiné au Sénat", "Plusieurs milliers de personnes ont défilé",
                   "Les discussions ont duré plus de six heures", "Aucun incident n'a été signalé"),
    },
    "en": {
        "first": ("Joe", "Rishi", "Kamala", "Keir", "Angela", "Janet", "Nancy", "Jerome", "Justin",
                  "Sarah", "Michael", "Emily", "David", "Laura", "James", "Rachel", "Robert", "Helen",
                  "Daniel", "Karen", "Thomas", "Olivia", "George", "Maria"),
        "last": ("Biden", "Sunak", "Harris", "Starmer", "Merkel", "Yellen", "Pelosi", "Powell", "Trudeau",
                 "Johnson", "Miller", "Clarke", "Walker", "Bennett", "Hughes", "Foster", "Russell",
                 "Griffin", "Hayes", "Morgan", "Reynolds", "Palmer", "Fisher", "Sullivan"),
        "role": ("the president", "the health minister", "the government spokesman", "the mayor of Boston",
                 "the secretary general", "the senator", "the union leader"),
        "place": ("London", "Washington", "New York", "Berlin", "Brussels", "Kyiv", "Geneva", "Chicago",
                  "Toronto", "Paris", "Madrid", "Boston"),
        "org": ("the United Nations", "the European Commission", "NATO", "the Federal Reserve",
                "Microsoft", "the World Health Organization", "Amnesty International", "Congress"),
        "date": ("on Tuesday", "on Monday evening", "on March 3, 2024", "yesterday", "last week",
                 "on July 4", "on Thursday morning", "in January"),
        "speech": ("said", "stated", "explained", "argued", "insisted", "warned"),
        "quote": ("We must act quickly", "The situation is serious but not hopeless",
                  "Nobody will be left behind", "We will not give in", "We have to listen to people",
                  "The numbers speak for themselves", "This plan is a historic mistake",
                  "Dialogue is still possible"),
        "clause": ("the government was preparing a new law", "the talks would resume soon",
                   "the reform would apply from the autumn", "prices would keep falling",
                   "the agreement had been signed overnight"),
        "event": ("met", "criticised", "praised", "accused", "supported", "welcomed"),
        "topic": ("rising prices", "the pension reform", "the war in Ukraine", "the housing crisis",
                  "the federal budget", "the energy transition"),
        "filler": ("Protesters gathered outside the city hall", "The bill will go to the Senate",
                   "Several thousand people marched", "The talks lasted more than six hours",
                   "No incident was reported"),
    },
}

_TEMPLATES: dict[str, Sequence[str]] = {
    "fr": (
        "« {quote} », {speech} {person} {date} à {place}.",
        "{person} {speech} {date} que {clause}.",
        "Selon {org}, {clause}.",
        "{role} {person} {event} {person2} {date} à {place}.",
        "{person} {event} {org} au sujet de {topic}.",
        "« {quote}. {quote2} », a-t-elle ajouté.",
        "{filler} {date} à {place}.",
        "Interrogé par {org}, {person} {speech} : « {quote} ».",
    ),
    "en": (
        "\"{quote},\" {person} {speech} {date} in {place}.",
        "{person} {speech} {date} that {clause}.",
        "According to {org}, {clause}.",
        "{role_cap} {person} {event} {person2} {date} in {place}.",
        "{person} {event} {org} over {topic}.",
        "\"{quote}. {quote2},\" she added.",
        "{filler} {date} in {place}.",
        "Asked by {org}, {person} {speech}: \"{quote}.\"",
    ),
}


def sentence(lang: str, rng: random.Random) -> str:
    words = _WORDS[lang]
    pick = {key: rng.choice(values) for key, values in words.items()}
    # 24 × 24 = 576 people: long texts name many, as long reports do
    pick["person"] = f"{pick['first']} {pick['last']}"
    pick["person2"] = f"{rng.choice(words['first'])} {rng.choice(words['last'])}"
    pick["quote2"] = rng.choice(words["quote"])
    pick["role_cap"] = pick["role"][0].upper() + pick["role"][1:]
    pick["role"] = pick["role_cap"] if lang == "fr" else pick["role"]
    text = rng.choice(_TEMPLATES[lang]).format(**pick)
    return text[0].upper() + text[1:]


def build_article(lang: str, size_bytes: int, seed: int = DEFAULT_SEED) -> str:
    """A long article of ``lang`` of about ``size_bytes`` UTF-8 bytes (never more):
    paragraphs of three to six generated sentences, separated by blank lines."""
    rng = random.Random(f"{seed}-{lang}-{size_bytes}")
    paragraphs: list[str] = []
    size = 0
    while True:
        paragraph = " ".join(sentence(lang, rng) for _ in range(rng.randint(3, 6)))
        added = len(paragraph.encode("utf-8")) + (2 if paragraphs else 0)
        if size + added > size_bytes:
            break
        paragraphs.append(paragraph)
        size += added
    return "\n\n".join(paragraphs)


# -- the child -----------------------------------------------------------------------------


def _max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MIB


class _Sampler:
    """The highest resident set seen (every ``interval`` seconds) since the last reset."""

    def __init__(self, interval: float = 0.002) -> None:
        self.interval = interval
        self.peak = _rss_mib()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, _rss_mib())

    def measure(self, step: Callable[[], Any]) -> tuple[Any, float, float]:
        """Run ``step``; return its result, the RSS before it and its peak (MiB)."""
        before = self.peak = _rss_mib()
        result = step()
        self.peak = max(self.peak, _rss_mib())
        return result, before, self.peak

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _warm_up() -> None:
    import newsgraph

    newsgraph.extract("« Nous devons agir vite », a déclaré Emmanuel Macron mardi à Paris.", lang="fr")
    newsgraph.extract('"We must act quickly," Joe Biden said on Tuesday in Washington.', lang="en")


def child_extract(lang: str, size: float, seed: int, use_tracemalloc: bool) -> dict[str, Any]:
    import newsgraph

    text = build_article(lang, int(size * MIB), seed)
    _warm_up()
    baseline = _max_rss_mib()
    current = _rss_mib()
    if use_tracemalloc:
        tracemalloc.start()
    started = time.perf_counter()
    article = newsgraph.extract(text, lang=lang)
    seconds = time.perf_counter() - started
    result: dict[str, Any] = {}
    if use_tracemalloc:
        result["tracemalloc_peak_mib"] = tracemalloc.get_traced_memory()[1] / MIB
        tracemalloc.stop()
    peak = _max_rss_mib()
    size_mib = len(text.encode("utf-8")) / MIB
    result.update({
        "lang": lang, "size_mib": round(size_mib, 4), "chars": len(text), "seconds": round(seconds, 2),
        "baseline_rss_mib": round(baseline, 1), "rss_before_mib": round(current, 1),
        "peak_rss_mib": round(peak, 1), "added_mib": round(peak - baseline, 1),
        "added_mib_per_mib": round((peak - baseline) / size_mib, 1),
        "entities": len(article.entities), "quotes": len(article.quotes), "events": len(article.events),
        "notes": article.notes,
    })
    return result


def child_stages(lang: str, size: float, seed: int, use_tracemalloc: bool) -> dict[str, Any]:
    """The runner's steps one at a time, each step's peak RSS above the RSS before it (and,
    with ``use_tracemalloc``, the peak of the Python allocations made during the step)."""
    import numpy
    from spacy.tokens import Doc

    from newsgraph.ingest.document import SourceDocument
    from newsgraph.nlp import pipeline
    from newsgraph.nlp.models import PARSE_WHOLE_CHARS, load_model

    text = build_article(lang, int(size * MIB), seed)
    _warm_up()
    nlp = load_model(lang)
    runner = pipeline.Runner()
    sampler = _Sampler()
    steps: list[dict[str, Any]] = []

    def record(name: str, step: Callable[[], Any]) -> Any:
        if use_tracemalloc:
            tracemalloc.start()
        started = time.perf_counter()
        result, before, peak = sampler.measure(step)
        seconds = time.perf_counter() - started
        row = {"step": name, "rss_before_mib": round(before, 1), "peak_mib": round(peak, 1),
               "added_mib": round(peak - before, 1), "seconds": round(seconds, 2)}
        if use_tracemalloc:
            row["traced_mib"] = round(tracemalloc.get_traced_memory()[1] / MIB, 1)
            tracemalloc.stop()
        steps.append(row)
        return result

    def parse_chunks(chunks: list[str]) -> list[Doc]:
        docs = []
        for doc in nlp.pipe(chunks, batch_size=1):
            doc.tensor = numpy.zeros((0,), dtype="float32")
            docs.append(doc)
        return docs

    whole = text[:PARSE_WHOLE_CHARS]
    record(f"parse {len(whole):,} chars whole (the most parsed at once)", lambda: nlp(whole))
    chunks = pipeline.split_for_parsing(text)
    record(f"parse one chunk ({len(chunks[0]):,} chars)", lambda: nlp(chunks[0]))
    state: dict[str, Any] = {}
    state["docs"] = record(f"parse {len(chunks)} chunks, one at a time, kept", lambda: parse_chunks(chunks))
    state["doc"] = record("Doc.from_docs", lambda: Doc.from_docs(state.pop("docs"), ensure_whitespace=False))
    state["doc"]._.article = pipeline._new_article(SourceDocument(source="<long>", text=text, lang=lang))
    for component in runner.components:
        state["doc"] = record(f"component {component.name}", lambda c=component: c(state["doc"]))
    state.clear()
    sampler.stop()
    return {"lang": lang, "chars": len(text), "size_mib": round(len(text.encode("utf-8")) / MIB, 4),
            "chunks": len(chunks), "steps": steps, "peak_rss_mib": round(_max_rss_mib(), 1)}


# -- the parent ----------------------------------------------------------------------------


def run_child(lang: str, size: float, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", "--langs", lang, "--sizes", str(size),
               "--seed", str(args.seed)]
    if args.stages:
        command.append("--stages")
    if args.tracemalloc:
        command.append("--tracemalloc")
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"lang": lang, "size_mib": size, "error": done.stderr.strip().splitlines()[-1:]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def print_result(result: dict[str, Any]) -> None:
    if "error" in result:
        print(f"{result['lang']} {result['size_mib']} MiB: failed: {result['error']}")
    elif "steps" in result:
        print(f"\n{result['lang']} {result['size_mib']:.2f} MiB ({result['chars']:,} chars, "
              f"{result['chunks']} chunks), process peak {result['peak_rss_mib']:.0f} MiB")
        print(f"  {'step':<50} {'RSS before':>10} {'peak':>8} {'added':>8} {'s':>7} {'traced':>7}")
        for step in result["steps"]:
            traced = f"{step['traced_mib']:>7.0f}" if "traced_mib" in step else ""
            print(f"  {step['step']:<50} {step['rss_before_mib']:>10.0f} {step['peak_mib']:>8.0f} "
                  f"{step['added_mib']:>8.0f} {step['seconds']:>7.1f} {traced}")
    else:
        traced = result.get("tracemalloc_peak_mib")
        print(f"{result['lang']:>4} {result['size_mib']:>8.2f} {result['chars']:>10,} "
              f"{result['seconds']:>7.1f} {result['baseline_rss_mib']:>9.0f} {result['peak_rss_mib']:>8.0f} "
              f"{result['added_mib']:>8.0f} {result['added_mib_per_mib']:>9.0f}"
              + (f" {traced:>10.0f}" if traced is not None else "")
              + f"   {result['entities']} entities, {result['quotes']} quotes, {result['events']} events")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES),
                        help="sizes in MiB of UTF-8 text, comma-separated")
    parser.add_argument("--langs", default=",".join(DEFAULT_LANGS))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--stages", action="store_true", help="peak of each step of the runner")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations (slow)")
    parser.add_argument("--json", type=Path, help="write every result to this file")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = [float(size) for size in args.sizes.split(",") if size]
    langs = [lang for lang in args.langs.split(",") if lang]
    if args.child:
        lang, size = langs[0], sizes[0]
        result = (child_stages(lang, size, args.seed, args.tracemalloc) if args.stages
                  else child_extract(lang, size, args.seed, args.tracemalloc))
        print(json.dumps(result))
        return 0
    if not args.stages:
        print(f"{'lang':>4} {'MiB':>8} {'chars':>10} {'s':>7} {'baseline':>9} {'peak':>8} {'added':>8} "
              f"{'added/MiB':>9}" + (f" {'traced':>10}" if args.tracemalloc else ""))
    results = []
    for lang in langs:
        for size in sizes:
            result = run_child(lang, size, args)
            print_result(result)
            results.append(result)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    return 0 if all("error" not in result for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
