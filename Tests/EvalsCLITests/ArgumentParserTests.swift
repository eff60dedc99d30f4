@testable import EvalsCLI
import Testing

@Suite("Argument parsing")
struct ArgumentParserTests {
    @Test func runIsTheDefaultCommand() throws {
        let invocation = try ArgumentParser.parse(["suites/a.yaml-lite", "--target", "tuned", "--baseline=base", "--concurrency", "16"])
        #expect(invocation.command == .run)
        #expect(invocation.paths == ["suites/a.yaml-lite"])
        #expect(invocation.options.targets == ["tuned"])
        #expect(invocation.options.baseline == "base")
        #expect(invocation.options.concurrency == 16)
    }

    @Test func everyRunOptionIsParsed() throws {
        let invocation = try ArgumentParser.parse([
            "run", "a.yaml-lite", "b.yaml-lite", "--set", "defaults.temperature=0.5", "--timeout", "2.5", "--retries", "0",
            "--filter", "^digits", "--filter", "roman", "--tag", "heldout", "--exclude-tag", "slow", "--limit", "3", "--shard", "2/3",
            "--repeat", "5", "--golden", "update", "--golden-strict", "--no-ci", "--out", "out", "--golden-dir", "g",
            "--junit", "j.xml", "--json", "r.json", "--report", "r.txt", "--markdown", "s.md", "--html", "r.html", "--min-pass-rate", "0.9",
            "--max-regressions", "0", "--max-error-rate", "0.1", "--color", "never", "--quiet",
        ])
        let o = invocation.options
        #expect(invocation.paths == ["a.yaml-lite", "b.yaml-lite"])
        #expect(o.sets == ["defaults.temperature=0.5"])
        #expect(o.timeout == 2.5 && o.retries == 0 && o.limit == 3 && o.shard == "2/3" && o.repeatCount == 5)
        #expect(o.filters == ["^digits", "roman"] && o.tags == ["heldout"] && o.excludeTags == ["slow"])
        #expect(o.golden == "update" && o.goldenStrict && o.ci == false)
        #expect(o.out == "out" && o.goldenDir == "g" && o.junit == "j.xml" && o.json == "r.json" && o.report == "r.txt" && o.markdown == "s.md" && o.html == "r.html")
        #expect(o.minPassRate == 0.9 && o.maxRegressions == 0 && o.maxErrorRate == 0.1)
        #expect(o.color == .never && o.quiet)
    }

    @Test(arguments: [
        (["a.yaml-lite", "--concurency", "4"], "unknown option '--concurency' (did you mean '--concurrency'?)"),
        (["a.yaml-lite", "--concurrency", "0"], "--concurrency must be a whole number from 1 to 1024, got 0"),
        (["a.yaml-lite", "--concurrency"], "--concurrency needs a value"),
        (["a.yaml-lite", "--golden", "write"], "unknown --golden mode 'write' (valid: check, update, off)"),
        (["a.yaml-lite", "--golden", "updte"], "unknown --golden mode 'updte'; did you mean 'update'? (valid: check, update, off)"),
        (["a.yaml-lite", "--color", "allways"], "unknown --color value 'allways'; did you mean 'always'? (valid: auto, always, never)"),
        (["comapre", "old.json", "new.json"], "'comapre' is neither a suite file nor a command; did you mean 'compare'? (valid: run, check, list, accept, compare, merge, cache, batch)"),
        (["chek", "a.yaml-lite"], "'chek' is neither a suite file nor a command; did you mean 'check'? (valid: run, check, list, accept, compare, merge, cache, batch)"),
        (["reports/results.json"], "reports/results.json is a results file, not a suite: results files go to `evals compare OLD.json NEW.json` or `evals merge RESULT.json...`"),
        (["check", "a.yaml-lite", "shard-1/results.json"], "shard-1/results.json is a results file, not a suite: results files go to `evals compare OLD.json NEW.json` or `evals merge RESULT.json...`"),
        (["a.yaml-lite", "--shard", "4/3"], "--shard must be K/N with N a whole number from 1 to 1000 and K from 1 to N, such as 2/4, got '4/3'"),
        (["a.yaml-lite", "--min-pass-rate", "95"], "--min-pass-rate must be a number from 0 to 1, got 95"),
        (["a.yaml-lite", "--target", "x", "--baseline", "x"], "--baseline x is also a --target; a baseline is shown for reference, not judged"),
        ([], "no suite file given: try `evals suites/next-number.yaml-lite`"),
        (["compare", "old.json"], "evals compare takes two result files: evals compare OLD.json NEW.json"),
        (["check", "a.yaml-lite", "--concurrency", "3"], "--concurrency is not an option of `evals check`; see `evals check --help`"),
        (["merge", "a.json", "--target", "x"], "--target is not an option of `evals merge`; see `evals merge --help`"),
        (["a.yaml-lite", "--quiet", "--verbose"], "--quiet and --verbose cannot be used together"),
        (["a.yaml-lite", "--golden-strict=yes"], "--golden-strict takes no value"),
    ])
    func usageErrors(arguments: [String], message: String) {
        #expect(throws: UsageError(message)) { try ArgumentParser.parse(arguments) }
    }

    @Test func aFileNamedLikeACommandIsASuite() throws {
        #expect(throws: Never.self) { try ArgumentParser.checkNotACommandTypo("lst", fileExists: { $0 == "lst" }) }
        #expect(throws: UsageError.self) { try ArgumentParser.checkNotACommandTypo("lst", fileExists: { _ in false }) }
        #expect(try ArgumentParser.parse(["sweet.yaml-lite"]).paths == ["sweet.yaml-lite"])
        #expect(try ArgumentParser.parse(["dir/lst"]).paths == ["dir/lst"])
    }

    @Test func helpAndVersionWinOverOtherProblems() throws {
        #expect(try ArgumentParser.parse(["--help"]).help)
        #expect(try ArgumentParser.parse(["check", "--help", "--concurrency", "x"]).help)
        #expect(try ArgumentParser.parse(["--version"]).version)
    }

    @Test func doubleDashEndsOptions() throws {
        let invocation = try ArgumentParser.parse(["--", "--odd-name.yaml-lite"])
        #expect(invocation.paths == ["--odd-name.yaml-lite"])
    }

    @Test func everyOptionIsDocumentedInHelp() {
        let help = Help.overview + Command.allCases.map(Help.text(for:)).joined()
        for name in ArgumentParser.optionNames {
            #expect(help.contains(name), "\(name) is missing from --help")
        }
    }

    /// Each numeric option at the bounds of its range: the values just inside parse, those just
    /// outside (and NaN, infinity, overflow, words) are usage errors that quote the range.
    static let numericOptions: [(option: String, range: String, inside: [String], outside: [String])] = [
        ("--concurrency", "a whole number from 1 to 1024", ["1", "1024"], ["0", "1025", "9223372036854775807", "99999999999999999999"]),
        ("--timeout", "a number of seconds greater than 0 and at most 86400", ["0.001", "86400"], ["0", "-1", "86400.001", "1e300", "1e400"]),
        ("--retries", "a whole number from 0 to 100", ["0", "100"], ["-1", "101"]),
        ("--limit", "a whole number from 1 to 1000000000", ["1", "1000000000"], ["0", "1000000001"]),
        ("--repeat", "a whole number from 1 to 1000", ["1", "1000"], ["0", "1001", "1000000000"]),
        ("--min-pass-rate", "a number from 0 to 1", ["0", "1"], ["-0.001", "1.001"]),
        ("--max-error-rate", "a number from 0 to 1", ["0", "1"], ["-0.001", "1.001"]),
        ("--max-regressions", "a whole number from 0 to 1000000000", ["0", "1000000000"], ["-1", "1000000001", "9223372036854775807"]),
    ]

    @Test(arguments: numericOptions.flatMap { o in o.inside.map { (o.option, $0) } })
    func numericOptionInsideItsRange(option: String, value: String) throws {
        let invocation = try ArgumentParser.parse(["a.yaml-lite", option, value])
        #expect(invocation.paths == ["a.yaml-lite"])
    }

    @Test(arguments: numericOptions.flatMap { o in o.outside.map { (o.option, $0, "\(o.option) must be \(o.range), got \($0)") } })
    func numericOptionOutsideItsRange(option: String, value: String, message: String) {
        #expect(throws: UsageError(message)) { try ArgumentParser.parse(["a.yaml-lite", option, value]) }
    }

    @Test(arguments: ["nan", "inf", "-inf", "0x10", "1_000", "ten", ""])
    func notANumberIsAUsageErrorQuotingTheValue(value: String) {
        #expect(throws: UsageError("--timeout must be a number of seconds greater than 0 and at most 86400, got '\(value)'")) {
            try ArgumentParser.parse(["a.yaml-lite", "--timeout", value])
        }
    }

    @Test func shardBounds() throws {
        #expect(try ArgumentParser.parse(["a.yaml-lite", "--shard", "1/1"]).options.shard == "1/1")
        #expect(try ArgumentParser.parse(["a.yaml-lite", "--shard", "1000/1000"]).options.shard == "1000/1000")
        for value in ["1/1001", "0/1", "2/1", "1/0", "1/9223372036854775808"] {
            #expect(throws: UsageError("--shard must be K/N with N a whole number from 1 to 1000 and K from 1 to N, such as 2/4, got '\(value)'")) {
                try ArgumentParser.parse(["a.yaml-lite", "--shard", value])
            }
        }
    }

    @Test(arguments: [
        ("--concurrency N", "1 to 1024"), ("--timeout SECONDS", "above 0 and at most 86400"), ("--retries N", "0 to 100"),
        ("--limit N", "1 to 1000000000"), ("--repeat N", "1 to 1000"), ("--shard K/N", "N from 1 to 1000"),
        ("--min-pass-rate X", "0 to 1"), ("--max-regressions N", "0 to 1000000000"), ("--max-error-rate X", "0 to 1"),
    ])
    func helpShowsTheRangeOfANumericOption(option: String, range: String) throws {
        let lines = Command.allCases.map(Help.text(for:)).joined(separator: "\n").split(separator: "\n")
        let line = try #require(lines.first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(option + " ") })
        #expect(line.contains(range), "\(line)")
    }
}
