"""PostgreSQL search in one statement: the server-side function ``newsgraph_search``.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06

A search on PostgreSQL was about ten statements sent one by one (the query parsed, the
store's date range, one per round of date buckets, the snippets of the best), each a round
trip through SQLAlchemy and the driver, and every round sent its best rows back to be
merged in Python.  ``newsgraph_search(plain, prefix, wanted, candidates, options)`` runs
the same steps inside the server (PL/pgSQL) and returns the hits with their snippets, best
first: the same rounds of revision 0006's date buckets (the newest month, then as many
months as should hold what is still missing, whole years as one bucket, then the undated),
the same candidates (the newest ``candidates`` matches), ranks (``ts_rank_cd`` in the
article's own language) and snippets (``ts_headline``) as ``newsgraph.store.search``
computed them in Python (``DateBuckets``, ``next_span`` there are the specification and
are tested against it).  Each round is planned with its values (``EXECUTE … USING``), as
the statements sent by the client were.

``newsgraph_month_group(year, g)`` gives the month-level buckets of a year's ``g``-th
month counted from December (``DateBuckets``' ``_month_groups``): the decade and the ISO
weeks go with December, the bare year with January.

SQLite: nothing to do (its search is one statement already).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MONTH_GROUP = r"""
CREATE OR REPLACE FUNCTION newsgraph_month_group(year integer, g integer) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT AS $fn$
DECLARE
    buckets text[] := ARRAY[]::text[];
    tens integer;
BEGIN
    IF g = 0 THEN
        IF year % 10 = 0 THEN
            buckets := buckets || ('m' || year || 's');
        END IF;
        FOR tens IN REVERSE 5..0 LOOP
            buckets := buckets || ('m' || year || '-W' || tens);
        END LOOP;
    END IF;
    buckets := buckets || ('m' || year || '-' || lpad((12 - g)::text, 2, '0'));
    IF g = 11 THEN
        buckets := buckets || ('m' || year);
    END IF;
    RETURN buckets;
END
$fn$
"""

# Only constant pieces are formatted into the rounds' statements; the user's query is
# bound ($1, $2: the tsquery in French and in English).  The bucket expression repeats
# revision 0006's index expression exactly (with the alias a), so the index is used.
SEARCH = r"""
CREATE OR REPLACE FUNCTION newsgraph_search(
    plain text, prefix text, wanted integer, candidates integer, options text
) RETURNS TABLE (hit_id text, hit_source text, hit_title text, hit_date text, hit_snippet text,
                 hit_score real)
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
    fr tsquery;
    en tsquery;
    same boolean;
    matches text;
    own text;
    ranking text;
    buckets_of constant text := '(CASE WHEN a.date_value IS NULL THEN ARRAY[''u''] '
        || 'ELSE ARRAY[''y'' || left(a.date_value, 4), ''m'' || left(a.date_value, 7)] END)';
    newest_first constant text := 'a.date_value COLLATE "C" DESC, a.id COLLATE "C" DESC';
    newest text;
    oldest text;
    last_year integer;
    months integer;
    next_month integer := 0;
    start_bucket text;
    g integer;
    got integer := 0;
    picked integer;
    span integer := 1;
    covered integer := 0;
    taken text[];
    month_at integer;
    end_month integer;
    upto integer;
    round_ids text[];
    round_ranks real[];
    ids text[] := ARRAY[]::text[];
    ranks real[] := ARRAY[]::real[];
    dated_round text;
    undated_round text;
BEGIN
    -- 1. the query in each language configuration ('' when it has no lexeme)
    IF plain IS NOT NULL THEN
        fr := websearch_to_tsquery('newsgraph_french'::regconfig, plain);
        en := websearch_to_tsquery('newsgraph_english'::regconfig, plain);
    END IF;
    IF prefix IS NOT NULL THEN
        fr := CASE WHEN fr IS NULL THEN to_tsquery('newsgraph_french'::regconfig, prefix)
                   ELSE fr && to_tsquery('newsgraph_french'::regconfig, prefix) END;
        en := CASE WHEN en IS NULL THEN to_tsquery('newsgraph_english'::regconfig, prefix)
                   ELSE en && to_tsquery('newsgraph_english'::regconfig, prefix) END;
    END IF;
    fr := coalesce(fr::text, '')::tsquery;
    en := coalesce(en::text, '')::tsquery;
    IF fr::text = '' AND en::text = '' THEN
        RETURN;  -- only stop words
    END IF;
    same := fr::text = en::text;
    IF same THEN
        matches := 'a.search_vector @@ $1';
        own := '$1';
        ranking := 'ts_rank_cd(c.search_vector, $1)';
    ELSE
        matches := '(' || concat_ws(' OR ',
            CASE WHEN fr::text <> '' THEN 'a.search_vector @@ $1' END,
            CASE WHEN en::text <> '' THEN 'a.search_vector @@ $2' END) || ')';
        own := 'CASE WHEN c.lang = ''fr'' THEN $1 ELSE $2 END';
        ranking := 'CASE WHEN c.search_vector @@ (' || own || ') THEN ts_rank_cd(c.search_vector, '
            || own || ') END';
    END IF;
    -- 2. the rounds: a round's matches sorted without their vectors, those kept read again
    -- by ctid and ranked, its best `wanted` kept (the best of all rounds is the best of
    -- their bests); $3 buckets, $4 what is still missing, $5 wanted
    dated_round := 'WITH picked AS MATERIALIZED (SELECT a.ctid AS row_id FROM articles AS a WHERE '
        || matches || ' AND %s ORDER BY %s LIMIT $4), '
        || 'ranked AS (SELECT c.id, ' || ranking || ' AS rank FROM articles AS c '
        || 'WHERE c.ctid = ANY(ARRAY(SELECT row_id FROM picked))), '
        || 'best AS (SELECT id, rank FROM ranked ORDER BY rank DESC NULLS LAST, id COLLATE "C" LIMIT $5) '
        || 'SELECT (SELECT count(*) FROM picked)::integer, coalesce(array_agg(id), ARRAY[]::text[]), '
        || 'coalesce(array_agg(rank), ARRAY[]::real[]) FROM best WHERE rank IS NOT NULL';
    undated_round := format(dated_round, buckets_of || ' && $3', 'a.id COLLATE "C"');
    SELECT (SELECT max(date_value) FROM articles), (SELECT min(date_value) FROM articles)
        INTO newest, oldest;
    IF newest IS NULL OR oldest IS NULL OR left(newest, 4) !~ '^[0-9]{4}$'
            OR left(oldest, 4) !~ '^[0-9]{4}$' THEN
        -- dates that do not start with a year: one round over every dated match
        EXECUTE format(dated_round, 'a.date_value IS NOT NULL', newest_first)
            INTO picked, round_ids, round_ranks USING fr, en, NULL::text[], candidates - got, wanted;
        got := got + picked;
        ids := ids || round_ids;
        ranks := ranks || round_ranks;
    ELSE
        last_year := left(newest, 4)::integer;
        months := greatest(0, last_year - left(oldest, 4)::integer + 1) * 12;
        start_bucket := 'm' || left(newest, 7);
        FOR g IN 0..11 LOOP
            IF start_bucket = ANY(newsgraph_month_group(last_year, g)) THEN
                next_month := g;
                EXIT;
            END IF;
        END LOOP;
        dated_round := format(dated_round, buckets_of || ' && $3', newest_first);
        WHILE got < candidates AND next_month < months LOOP
            -- the buckets of the next `span` months (DateBuckets.take)
            taken := ARRAY[]::text[];
            end_month := least(next_month + greatest(1, span), months);
            month_at := next_month;
            WHILE month_at < end_month LOOP
                upto := least(end_month - month_at, 12 - month_at % 12);
                IF upto = 12 THEN
                    taken := taken || ('y' || (last_year - month_at / 12));
                ELSE
                    FOR g IN (month_at % 12)..(month_at % 12 + upto - 1) LOOP
                        taken := taken || newsgraph_month_group(last_year - month_at / 12, g);
                    END LOOP;
                END IF;
                month_at := month_at + upto;
            END LOOP;
            covered := covered + (end_month - next_month);
            next_month := end_month;
            EXECUTE dated_round INTO picked, round_ids, round_ranks
                USING fr, en, taken, candidates - got, wanted;
            got := got + picked;
            ids := ids || round_ids;
            ranks := ranks || round_ranks;
            -- the next span (next_span): what should hold the rest at the density seen
            IF got = 0 THEN
                span := covered;
            ELSE
                span := greatest(1, least(
                    ceil((candidates - got)::bigint * covered / got::double precision * 1.25)::integer,
                    covered));
            END IF;
        END LOOP;
    END IF;
    IF got < candidates THEN
        EXECUTE undated_round INTO picked, round_ids, round_ranks
            USING fr, en, ARRAY['u']::text[], candidates - got, wanted;
        ids := ids || round_ids;
        ranks := ranks || round_ranks;
    END IF;
    -- 3. the best `wanted` with their snippets, best first (ties: id in code-point order)
    RETURN QUERY
        SELECT a.id::text, a.source::text, a.title::text, a.date_value::text,
               ts_headline(CASE WHEN a.lang = 'fr' THEN 'newsgraph_french'::regconfig
                                ELSE 'newsgraph_english'::regconfig END,
                           a.text, CASE WHEN same OR a.lang = 'fr' THEN fr ELSE en END, options),
               b.rank
        FROM (SELECT u.id, u.rank FROM unnest(ids, ranks) AS u(id, rank)
              ORDER BY u.rank DESC, u.id COLLATE "C" LIMIT wanted) AS b
        JOIN articles AS a ON a.id = b.id
        ORDER BY b.rank DESC, b.id COLLATE "C";
END
$fn$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(MONTH_GROUP)
    op.execute(SEARCH)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION IF EXISTS newsgraph_search(text, text, integer, integer, text)")
    op.execute("DROP FUNCTION IF EXISTS newsgraph_month_group(integer, integer)")
