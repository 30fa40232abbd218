"""Every user-facing message of quoteattr, with a code to match on in tests."""
from spacy.errors import ErrorsWithCodes


class Warnings(metaclass=ErrorsWithCodes):
    W001 = ("Date {date!r} of the document is not an ISO date (YYYY-MM-DD); "
            "titles are resolved without a date.")
    W002 = "{n} record(s) could not be scored; see {path}."


class Errors(metaclass=ErrorsWithCodes):
    # Records and corpus files
    E001 = "{where}: {problem}"
    E002 = "{where}: the record has no 'text' field, or it is not a string."
    E003 = ("{where}: quote {i} has offsets [{start}, {end}) outside the text "
            "(length {length}) or an empty span.")
    E004 = "{where}: quote {i} [{start}, {end}) overlaps quote {j} [{start2}, {end2})."
    E005 = "{where}: quote {i} has unknown type {label!r}; expected one of {options}."
    E006 = ("{where}: quote {i} has stance target {target!r}, not one of {options}, "
            "or label {label!r}, not one of {labels}.")
    E007 = "{where}: quote {i}: {field} {span} overlaps the quote [{start}, {end})."
    E008 = ("{where}: quote {i}: {field} [{start}, {end}) does not start and end on "
            "token boundaries ({text!r}).")
    E009 = "{where}: invalid JSON: {error}"
    E010 = "{where}: quote {i}: {field} must be null or a pair [start, end] inside the text, got {value!r}."
    E011 = "{where}: quote {i}: field {field!r} is missing."
    E012 = "{where}: the record is not a JSON object."
    E013 = "Cannot read {path}: no such file or directory."
    # Authoring markup
    E020 = "{where}: {problem}"
    # Knowledge base
    E030 = "Knowledge base {path}: {problem}"
    # Components
    E040 = ("The {name} component has no knowledge base. Call nlp.initialize() or "
            "pass a KB path in [initialize.components.{name}].")
    E041 = "{name}: setting {setting} must be {expected}, got {value!r}."
    E042 = ("The stance_tagger has no labels. It must be initialized with examples "
            "that carry stance annotations.")
    # Loading
    E050 = ("No trained quoteattr pipeline is installed. In a clone of the quoteattr "
            "repository run `spacy project run all`: it trains the pipeline and installs "
            "it as the package en_quoteattr_cpu, which spacy.load(\"quoteattr\") returns. "
            "A pipeline directory you trained yourself loads with spacy.load(PATH).")
    E051 = "Unknown quoteattr pipeline variant {variant!r}; expected one of {options}."
    E052 = ("The transformer pipeline needs spacy-transformers and torch: pip install torch==2.13.0 "
            "(a CPU build; or your CUDA build), then pip install -e \".[trf]\".")
    # Importers
    E060 = "{where}: {problem}"
    # Batch scoring
    E070 = "{problem}"
    E071 = "No input file matches {pattern!r}."
    E072 = ("Cannot score {path}: unknown input format {suffix!r}. Expected .jsonl, .ndjson or "
            ".json (one object per line, optionally .gz), .csv (optionally .gz), .parquet, "
            ".txt, or a directory of .txt files.")
    E073 = "Cannot write {path}: unknown output format {suffix!r}. Expected .jsonl or .parquet."
    E074 = ("{path} belongs to an unfinished run (checkpoint {checkpoint}). Pass --resume to "
            "continue it, or --overwrite to start over.")
    E075 = ("Cannot resume {path}: its checkpoint {checkpoint} was written for other {what}. "
            "Rerun with the same inputs and options, or pass --overwrite to start over.")
    E076 = ("The dask engine needs dask.distributed, which is not installed. Install it with "
            "`pip install quoteattr[dask]`.")
    E077 = ("Reading or writing Parquet needs pyarrow, which is not installed. Install it with "
            "`pip install quoteattr[parquet]`.")
    E078 = "Option {name} must be {expected}, got {value!r}."
    E079 = ("Cannot resume {path}: it is shorter than its checkpoint says ({size} < {offset} "
            "bytes). Pass --overwrite to start over.")
    E080 = "The dask engine writes a directory of parts, but {path} is a file."
    E081 = "{where}: record {id!r} is not in the reference file {reference}: not scored."
    E082 = ("{where}: record {id!r} has another text than in the reference file {reference}: "
            "not scored (the second annotation must keep the text as is).")
    E083 = "{where}: record {id!r} appears twice; the first one is kept."
