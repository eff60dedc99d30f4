import EvalKit

/// The text of `evals --help` and `evals COMMAND --help`.
enum Help {
    static let overview = """
    evals \(EvalsVersion.current): regression tests for tuned language models

    USAGE
      evals [run] SUITE...                 run suites (the default command)
      evals check SUITE...                 validate suites, datasets and golden files; run nothing
      evals check --remote SUITE...        also ask every target in use whether it can answer
      evals list SUITE...                  print targets and cases
      evals accept SUITE...                promote pending golden files (<target>.golden.new)
      evals compare OLD.json NEW.json      compare two saved result files case by case
      evals merge RESULT.json...           merge the result files of shards into one set of reports
      evals cache stats|prune|clear        manage the response cache
      evals batch status|cancel SUITE...   inspect or cancel saved batch jobs
      evals --help | --version

    QUICK START
      swift run evals suites/next-number.yaml-lite
      swift run evals suites/next-number.yaml-lite --baseline base --target tuned

    Run `evals COMMAND --help` for the options of one command.
    """

    static let targetOptions = """
      --target NAME            target to run and judge (repeatable; default: the suite's default_target)
      --set PATH=VALUE         override a suite field, e.g. --set targets.tuned.model=tunedModels/x (repeatable)
      --golden-dir DIR         where golden files live (default: the golden/ folder nearest above the suite, else ./golden)
      --ci / --no-ci           CI mode on or off (default: on when CI is set to anything but empty, 0 or false)
    """

    static let selectionOptions = """
      --filter REGEX           cases whose id contains a match (repeatable, OR)
      --tag TAG                cases carrying TAG (repeatable, OR)
      --exclude-tag TAG        drop cases carrying TAG (repeatable)
      --limit N                only the first N selected cases (1 to 1000000000)
      --shard K/N              only shard K of N, N from 1 to 1000 (stable FNV-1a split; gates wait for `evals merge`)
    """

    static let runOptions = """
      --baseline NAME          also run NAME and compare every judged target with it
      --concurrency N          requests in flight at once, over all targets, 1 to 1024 (default: 8)
      --timeout SECONDS        per attempt, above 0 and at most 86400 (default: 60)
      --retries N              retries of a transient failure, 0 to 100 (default: 4)
      --repeat N               samples per case, 1 to 1000 (default: the suite's repeat, else 1)
      --golden MODE            check, update or off (default: check)
      --golden-strict          golden differences fail cases that have expect too
    """

    static let iterationOptions = """
      --cache MODE             response cache: off, use, refresh or only (default: EVALS_CACHE, else off)
      --cache-dir DIR          where cached answers live (default: EVALS_CACHE_DIR, else .evals/cache)
      --cache-ttl AGE          answers older than AGE are asked again, units s m h d (default: 14d)
      --rerun RESULTS.json     run again only the cases that ended in error there; keep the rest
      --rerun-failed           with --rerun, also run again the cases that failed
      --batch                  send through the provider's batch API (gemini, openai); resumable
      --batch-poll SECONDS     between polls of a batch job: 30, 0.5, 2m (default: 30)
    """

    static let reportOptions = """
      --out DIR                where reports go (default: reports)
      --junit PATH             JUnit XML (default: OUT/junit.xml)
      --json PATH              results JSON (default: OUT/results.json)
      --report PATH            text report (default: OUT/report.txt)
      --markdown PATH          also write a Markdown summary (for $GITHUB_STEP_SUMMARY)
      --html PATH              one-file HTML report (default: OUT/report.html)
      --min-pass-rate X        gate: pass rate per judged target, 0 to 1 (default: the suite's gate, else 1.0)
      --max-regressions N      gate: regressions against the baseline, 0 to 1000000000
      --max-error-rate X       gate: share of cases ending in error, 0 to 1 (default: 0)
      --max-cost USD           gate: US dollars the run may spend over all targets, above 0; run stops
                               sending there, the rest skipped (cost_limit); every target needs a price
      --detect X               the change the comparison's power line speaks of, more than 0 and at most 1 (default: 0.05)
    """

    static let outputOptions = """
      --color auto|always|never, --no-color
                               colour (default auto: a terminal and no NO_COLOR)
      --quiet / --verbose      less / more output
      -h, --help               this help
    """

    static let exitCodes = """
    EXIT CODES
      0   every gate holds
      1   a gate failed (by default: any judged case failed)
      2   usage error, invalid suite / dataset / golden file, or a missing variable or key (nothing was sent);
          or an endpoint rejected a target's configuration: authentication (401/403), model not found (404),
          TLS trust; rerunning will not help
      3   no other gate failed, but more cases ended in error than max_error_rate allows
      130 interrupted; the reports of what finished are written
    """

    static func text(for command: Command) -> String {
        switch command {
        case .run:
            return """
            evals [run] SUITE... [options]: run suites against their targets and judge the outputs

            TARGETS AND SUITE
            \(targetOptions)

            SELECTION
            \(selectionOptions)

            RUNNING
            \(runOptions)

            CACHE AND RERUN
            \(iterationOptions)

            REPORTS AND GATES
            \(reportOptions)

            OUTPUT
            \(outputOptions)

            \(exitCodes)
            """
        case .check:
            return """
            evals check SUITE... [options]: parse and validate suites, their datasets and golden files; run nothing

            Prints `PATH: ok (N cases, M targets; golden: TARGET K entries, …)` per suite, or the errors (exit 2).

            With --remote, also asks every target in use whether it can answer, once each, without
            running cases, and prints TARGET PROVIDER MODEL STATUS DETAIL LATENCY per target; STATUS is
            ready, not-found, not-ready, auth-failed, tls-error, unreachable or error. Exit 0 when every
            target is ready, 1 otherwise, 2 for an invalid suite or an unset key.
              --remote                 ask the targets (--timeout SECONDS bounds each question, default 60)

            OPTIONS
            \(targetOptions)
            \(selectionOptions)
            \(outputOptions)
            """
        case .list:
            return """
            evals list SUITE... [options]: print the targets and the selected cases of each suite

            OPTIONS
            \(targetOptions)
            \(selectionOptions)
            \(outputOptions)
            """
        case .accept:
            return """
            evals accept SUITE... [options]: move each <target>.golden.new over <target>.golden, calling no model

            OPTIONS
            \(targetOptions)
            \(selectionOptions)
            \(outputOptions)
            """
        case .compare:
            return """
            evals compare OLD.json NEW.json [options]: compare two saved result files case by case

            Sides are labelled TARGET@old and TARGET@new; reports are written only where a path is given
            (--out DIR writes the default set there).

            OPTIONS
            \(reportOptions)
            \(outputOptions)
            """
        case .merge:
            return """
            evals merge RESULT.json... [options]: merge the result files of shards 1..N into one set of reports

            OPTIONS
            \(reportOptions)
            \(outputOptions)

            \(exitCodes)
            """
        case .cache:
            return """
            evals cache stats|prune|clear [options]: manage the response cache

              stats                    entries, bytes, how many are older than 14d or unreadable
              prune                    remove entries older than --older-than (default: 14d) and unreadable ones
              clear                    remove every entry

            OPTIONS
              --cache-dir DIR          the cache folder (default: EVALS_CACHE_DIR, else .evals/cache)
              --older-than AGE         with prune: the age, units s m h d (default: 14d)
            \(outputOptions)
            """
        case .batch:
            return """
            evals batch status|cancel SUITE... [options]: inspect or cancel the saved batch jobs of a suite's targets

              status                   poll each saved job and print its state and counts
              cancel                   cancel each saved job and forget it, so the next --batch run submits anew

            Jobs are saved in .evals/batches/SUITE/TARGET.json (EVALS_BATCH_DIR overrides the folder) by
            `evals run --batch` until their results are read; rerunning the same command resumes them.

            OPTIONS
              --target NAME            only this target (repeatable; default: every target with a saved job)
              --set PATH=VALUE         override a suite field, as for run (repeatable)
            \(outputOptions)
            """
        }
    }
}
