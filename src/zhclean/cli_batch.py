"""``zhclean batch IN -o OUT``: clean a JSONL or Parquet corpus, in parallel, resumably."""

from __future__ import annotations

import argparse
import json
import os
import sys

from .cli import PROG, add_config_options, config_from_args
from .corpus import DEFAULT_CHUNK_BYTES, CorpusError, Fields, Progress, input_size, learn_from_corpus, run_corpus
from .errors import ZhcleanError
from .templates import Templates

EXAMPLES = """\
examples:
  zhclean batch corpus.jsonl -o clean.jsonl --jobs 2
  zhclean batch pages.parquet -o clean.parquet --text-field body --id-field doc_id
  zhclean batch corpus.jsonl.gz -o clean.jsonl --target hans --learn-templates
  zhclean batch corpus.jsonl -o clean.jsonl --resume      continue an interrupted run

Each output row keeps every input field and adds clean_text, clean_title, clean_subtitle,
clean_date, clean_source, clean_author, clean_editor, clean_url, clean_changes (counts by
step:kind) and clean_error (why a record could not be cleaned; the run goes on). The output
appears only when the run completes; until then it is OUT.partial, which --resume continues.

exit status: 0 all records cleaned, 1 some records had errors (see clean_error and the summary),
2 usage error or the run could not start, 130 interrupted (OUT.partial kept for --resume).
"""


_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def byte_size(value: str) -> int:
    """``4096``, ``512K``, ``2M`` or ``1G`` (a trailing ``B`` or ``iB`` is allowed) as a number of bytes."""
    text = value.strip().upper().removesuffix("IB").removesuffix("B")
    unit = text[-1:] if text[-1:] in _UNITS else ""
    try:
        number = float(text[: len(text) - len(unit)])
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (use e.g. 4096, 512K or 2M)") from None
    size = int(number * _UNITS[unit])
    if size < 1:
        raise argparse.ArgumentTypeError(f"size must be at least 1 byte: {value!r}")
    return size


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``zhclean batch``."""
    parser = argparse.ArgumentParser(
        prog=f"{PROG} batch",
        description="Clean a corpus of records (JSONL, JSONL.gz or Parquet) into the same records with "
        "clean columns added, streaming with bounded memory.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    parser.add_argument("input", metavar="IN", help="input corpus: .jsonl, .jsonl.gz, .parquet, or - (JSONL on stdin)")
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="output corpus: .jsonl or .parquet")
    parser.add_argument("--text-field", default="text", metavar="NAME", help="field holding the text (default: text)")
    parser.add_argument("--id-field", default=None, metavar="NAME",
                        help="field identifying a record; named in error messages of the summary")
    parser.add_argument("--site-field", default=None, metavar="NAME",
                        help="field naming a record's site for --learn-templates (default: site, host or "
                        "domain if present, else the host of url, else the whole input is one site)")
    parser.add_argument("--prefix", default="clean_", help="prefix of the added columns (default: clean_)")
    parser.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                        help="worker processes (default 1: clean in this process; 0 means one per core)")
    parser.add_argument("--chunk-bytes", type=byte_size, default=DEFAULT_CHUNK_BYTES, metavar="SIZE",
                        help="input bytes per work unit, like 4096, 512K or 2M (default 1M); a unit always "
                        "holds whole records")
    parser.add_argument("--max-chars", type=int, default=50_000_000, metavar="N",
                        help="records longer than this are error entries (default 50,000,000)")
    parser.add_argument("--resume", action="store_true", help="continue an interrupted run from OUT.partial")
    parser.add_argument("--learn-templates", action="store_true",
                        help="two passes: first learn lines that recur across a site's records, then remove them")
    parser.add_argument("--templates", metavar="FILE", help="use templates saved with --save-templates")
    parser.add_argument("--save-templates", metavar="FILE", help="write the learned templates to FILE (JSON)")
    parser.add_argument("--min-docs", type=int, default=5, metavar="N",
                        help="a template line occurs in at least N records of its site (default 5)")
    parser.add_argument("--min-share", type=float, default=0.1, metavar="X",
                        help="... and in at least this share of them (default 0.1)")
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="progress bar on stderr (default: when stderr is a terminal)")
    parser.add_argument("--summary-json", metavar="FILE", help="also write the summary as JSON to FILE")
    add_config_options(parser)
    return parser


def main(argv: list[str]) -> int:
    """Run ``zhclean batch`` with `argv` (the arguments after ``batch``)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    try:
        config = config_from_args(args)
    except ZhcleanError as exc:
        print(f"{PROG} batch: error: {exc}", file=sys.stderr)
        return 2
    if args.jobs < 0 or args.max_chars < 1:
        print(f"{PROG} batch: error: --jobs must be >= 0 and --max-chars >= 1", file=sys.stderr)
        return 2
    jobs = args.jobs or os.cpu_count() or 1
    fields = Fields(text=args.text_field, id=args.id_field, site=args.site_field, prefix=args.prefix,
                    max_chars=args.max_chars)
    try:
        templates = Templates.load(args.templates) if args.templates else None
        if args.learn_templates:
            if args.input == "-":
                raise CorpusError("--learn-templates reads the input twice; it cannot read stdin")
            bar = Progress(input_size(args.input), "learning templates", args.progress)
            try:
                templates = learn_from_corpus(args.input, config, fields, jobs=jobs, chunk_bytes=args.chunk_bytes,
                                              min_docs=args.min_docs, min_share=args.min_share, progress=bar)
            finally:
                bar.close()
            print(f"{PROG} batch: learned {len(templates):,} template lines from "
                  f"{sum(templates.documents.values()):,} records of {len(templates.documents):,} sites",
                  file=sys.stderr)
            if args.save_templates:
                templates.dump(args.save_templates)
        bar = Progress(input_size(args.input), "cleaning", args.progress)
        try:
            summary = run_corpus(args.input, args.output, config, fields, jobs=jobs, chunk_bytes=args.chunk_bytes,
                                 resume=args.resume, templates=templates, progress=bar)
        finally:
            bar.close()
    except KeyboardInterrupt:
        print(f"{PROG} batch: interrupted; the records done so far are in {args.output}.partial: "
              f"run the same command with --resume to continue", file=sys.stderr)
        return 130
    except (ZhcleanError, ValueError) as exc:
        print(f"{PROG} batch: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"{PROG} batch: {exc.filename or args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(summary.render(), file=sys.stderr)
    if args.summary_json:
        with open(args.summary_json, "w", encoding="utf-8") as fh:
            json.dump(summary.to_dict(), fh, ensure_ascii=False, indent=2)
    return 1 if summary.errors else 0
