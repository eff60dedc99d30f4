import Foundation
import Testing
@testable import EvalKit
@testable import EvalKitResults
@testable import EvalKitSuite
@testable import EvalKitReporters

@Suite("JUnitReporter")
struct JUnitReporterTests {
    static let xml = JUnitReporter.render(ReportFixtures.run(), hostname: "ci-runner-7")

    private func parsed() throws -> XMLTree {
        try #require(XMLTree.parse(Self.xml), "the JUnit report is not well-formed XML")
    }

    private func testcase(_ root: XMLTree, suite: String, name: String) throws -> XMLTree {
        let testsuite = try #require(root.children(named: "testsuite").first { $0["name"] == suite })
        return try #require(testsuite.children(named: "testcase").first { $0["name"] == name })
    }

    @Test func rootCountsEveryJudgedCaseAndHasNoSkippedAttribute() throws {
        let root = try parsed()
        #expect(root.name == "testsuites")
        #expect(root["name"] == "evals")
        #expect(root["tests"] == "11")
        #expect(root["failures"] == "3")
        #expect(root["errors"] == "1")
        #expect(root["skipped"] == nil)
        #expect(root["time"] == "12.500")
    }

    @Test func oneTestsuitePerJudgedTargetWithCountsTimestampAndHostname() throws {
        let root = try parsed()
        let suites = root.children(named: "testsuite")
        #expect(suites.map { $0["name"] } == ["next-number[tuned]", "next-number[local]"])
        let tuned = suites[0]
        #expect(tuned["tests"] == "8")
        #expect(tuned["failures"] == "2")
        #expect(tuned["errors"] == "1")
        #expect(tuned["skipped"] == "1")
        #expect(tuned["time"] == "12.434")
        #expect(tuned["timestamp"] == "2026-11-25T13:36:27")
        #expect(tuned["hostname"] == "ci-runner-7")
        #expect(suites[1]["tests"] == "3")
        #expect(suites[1]["failures"] == "1")
        #expect(suites[1]["errors"] == "0")
        #expect(suites[1]["skipped"] == "0")
    }

    @Test func propertiesComeFirstWithProviderModelTargetVersionAndBaseline() throws {
        let tuned = try #require(try parsed().children(named: "testsuite").first)
        #expect(tuned.children.first?.name == "properties")
        let properties = Dictionary(uniqueKeysWithValues: try #require(tuned.child(named: "properties")).children(named: "property").map { ($0["name"] ?? "", $0["value"] ?? "") })
        #expect(properties["provider"] == "gemini")
        #expect(properties["model"] == "tunedModels/next-number-abc")
        #expect(properties["target"] == "tuned")
        #expect(properties["evals.version"] == "0.1.0")
        #expect(properties["baseline"] == "base")
    }

    @Test func testcasesAreInSuiteOrderWithUniqueClassnameAndName() throws {
        let root = try parsed()
        let cases = root.children(named: "testsuite").flatMap { $0.children(named: "testcase") }
        #expect(cases.prefix(8).map { $0["name"] } == ["digits-1", "roman", "comma", "words", "golden-only", "warned", "brand-new", "later"])
        #expect(cases.prefix(8).allSatisfy { $0["classname"] == "next-number.tuned" })
        #expect(cases.dropFirst(8).allSatisfy { $0["classname"] == "next-number.local" })
        let keys = cases.map { "\($0["classname"] ?? "")/\($0["name"] ?? "")" }
        #expect(Set(keys).count == keys.count)
    }

    @Test func failureCarriesMatcherTypeOneLineMessageAndDetails() throws {
        let roman = try testcase(try parsed(), suite: "next-number[tuned]", name: "roman")
        let failure = try #require(roman.child(named: "failure"))
        #expect(failure["type"] == "regex")
        #expect(failure["message"] == "expected to match /^IV$/, got \"4\"")
        #expect(failure.text == "expected to match /^IV$/, got \"4\"\nexpected: /^IV$/\ngot: \"4\"")
        #expect(roman.child(named: "error") == nil && roman.child(named: "skipped") == nil)
    }

    @Test func errorSkippedAndPassingCasesHaveTheRightElement() throws {
        let root = try parsed()
        let comma = try testcase(root, suite: "next-number[tuned]", name: "comma")
        #expect(comma.child(named: "error")?["type"] == "http")
        #expect(comma.child(named: "error")?["message"] == "HTTP 503 Service Unavailable: retries exhausted")
        #expect(comma["time"] == "12.346")
        let later = try testcase(root, suite: "next-number[tuned]", name: "later")
        #expect(later.child(named: "skipped")?["message"] == "interrupted")
        let digits = try testcase(root, suite: "next-number[tuned]", name: "digits-1")
        #expect(digits.children.map(\.name) == ["system-out"])
        #expect(digits["time"] == "0.012")
    }

    @Test func goldenFailureHasTypeGoldenAndTheDiff() throws {
        let golden = try testcase(try parsed(), suite: "next-number[tuned]", name: "golden-only")
        let failure = try #require(golden.child(named: "failure"))
        #expect(failure["type"] == "golden")
        #expect(failure.text.contains("-5\n+five"))
    }

    @Test func goldenWarningGoesToSystemOutNotToAFailure() throws {
        let warned = try testcase(try parsed(), suite: "next-number[tuned]", name: "warned")
        #expect(warned.child(named: "failure") == nil)
        let out = try #require(warned.child(named: "system-out")).text
        #expect(out.contains("golden: the output differs from the golden entry (warning)"))
        #expect(out.contains("-8\n+8·"))
    }

    @Test func systemOutHoldsPromptAndOutput() throws {
        let digits = try testcase(try parsed(), suite: "next-number[tuned]", name: "digits-1")
        #expect(digits.child(named: "system-out")?.text == "prompt:\n1\n\noutput:\n2\n\nfinish_reason: STOP")
    }

    @Test func passingFlakyCaseCarriesItsFailedSamples() throws {
        let words = try testcase(try parsed(), suite: "next-number[tuned]", name: "words")
        #expect(words.child(named: "failure") == nil)
        let flaky = words.children(named: "flakyFailure")
        #expect(flaky.count == 1)
        #expect(flaky.first?["type"] == "exact")
        #expect(flaky.first?["message"] == "sample 2: expected \"one hundred one\", got \"one hundred and one\"")
        #expect(flaky.first?.child(named: "system-out")?.text == "one hundred and one")
        let out = try #require(words.child(named: "system-out")).text
        #expect(out.contains("output of sample 1 (passed):\none hundred one"))
        #expect(out.contains("output of sample 2 (failed): expected \"one hundred one\", got \"one hundred and one\":\none hundred and one"))
        #expect(out.contains("output of sample 3 (passed):\none hundred one"))
        #expect(words["time"] == "0.000")
    }

    @Test func everyTimeHasExactlyThreeDecimals() throws {
        let timed = try parsed().all.compactMap { $0["time"] }
        #expect(timed.count == 14)
        for time in timed {
            #expect(time.wholeMatch(of: /[0-9]+\.[0-9]{3}/) != nil, "time \(time)")
        }
    }

    @Test(arguments: [
        (0.000012, "0.000"), (0.0005, "0.001"), (12.3456, "12.346"), (0, "0.000"), (1e-9, "0.000"),
        (123456.7, "123456.700"), (-1, "0.000"), (.nan, "0.000"), (.infinity, "0.000"),
    ] as [(Double, String)])
    func timesAreFormattedWithThreeDecimals(seconds: Double, expected: String) {
        #expect(JUnitReporter.time(seconds) == expected)
    }

    @Test(arguments: [
        ("2026-11-25T13:36:27.123Z", "2026-11-25T13:36:27"),
        ("2026-11-25T13:36:27Z", "2026-11-25T13:36:27"),
        ("2026-11-25T14:36:27+01:00", "2026-11-25T13:36:27"),
        ("2026-11-25T13:36:27.5", "2026-11-25T13:36:27"),
    ])
    func timestampsAreUTCWithoutFractionalSeconds(input: String, expected: String) {
        #expect(JUnitReporter.timestamp(fromISO8601: input) == expected)
    }

    /// Model output with markup, quotes, escape sequences and characters XML forbids, and what a
    /// parser must read back.
    static let hostileOutputs: [(String, String)] = [
        ("a <b> & c ]]> d", "a <b> & c ]]> d"),
        ("\"double\" and 'single'", "\"double\" and 'single'"),
        ("\u{1B}[31mred\u{1B}[0m and \u{1B}[1;38;5;196mbold\u{1B}[m", "red and bold"),
        ("\u{1B}]0;title\u{7}after \u{1B}]8;;http://x\u{1B}\\link", "after link"),
        ("nul\u{0}byte", "nul\\u0000byte"),
        ("bell\u{7} vt\u{B} ff\u{C} unit\u{1F}", "bell\\u0007 vt\\u000B ff\\u000C unit\\u001F"),
        ("lone escape \u{1B}", "lone escape \\u001B"),
        ("\u{FFFE}x\u{FFFF}", "\\uFFFEx\\uFFFF"),
        ("c1 \u{9B}31mcsi del\u{7F}", "c1 csi del\\u007F"),
        ("héllo 🎉 日本語 \u{10FFFD}", "héllo 🎉 日本語 \u{10FFFD}"),
    ]

    @Test(arguments: hostileOutputs)
    func hostileOutputReadsBackAsVisibleText(output: String, visible: String) throws {
        let item = CaseReport(id: "hostile", prompt: "say \(output)", output: output, outcome: .failed,
                              messages: ["got \(output)"], failureType: "exact", details: "got: \(output)")
        let xml = JUnitReporter.render(ReportFixtures.single([item]), hostname: "h")
        let root = try #require(XMLTree.parse(xml), "not well-formed:\n\(xml)")
        let testcase = try #require(root.all.first { $0.name == "testcase" })
        let failure = try #require(testcase.child(named: "failure"))
        #expect(failure["message"] == "got \(visible)")
        #expect(failure.text == "got \(visible)\ngot: \(visible)")
        #expect(testcase.child(named: "system-out")?.text == "prompt:\nsay \(visible)\n\noutput:\n\(visible)")
        #expect(!xml.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(!xml.contains("&#27;") && !xml.contains("&#0;"))
    }

    @Test func lineEndsAndTabsSurviveInTextAndMessagesStayOnOneLine() throws {
        let item = CaseReport(id: "lines", prompt: "p", output: "a\tb\r\nc\rd", outcome: .error,
                              messages: ["connection reset\nwhile reading\r\nthe body"], failureType: "transport")
        let root = try #require(XMLTree.parse(JUnitReporter.render(ReportFixtures.single([item]), hostname: "h")))
        let testcase = try #require(root.all.first { $0.name == "testcase" })
        let error = try #require(testcase.child(named: "error"))
        #expect(error["message"] == "connection reset while reading the body")
        #expect(error.text == "connection reset\nwhile reading\r\nthe body")
        #expect(testcase.child(named: "system-out")?.text == "prompt:\np\n\noutput:\na\tb\r\nc\rd")
    }

    @Test func attributesEscapeQuotesAndMarkup() throws {
        let item = CaseReport(id: "q", prompt: "p", output: "x", outcome: .failed, messages: ["expected \"<a href='x'>\" & more"], failureType: "exact")
        let xml = JUnitReporter.render(ReportFixtures.single([item]), hostname: "host\"<&>'")
        #expect(xml.contains("message=\"expected &quot;&lt;a href=&apos;x&apos;&gt;&quot; &amp; more\""))
        let root = try #require(XMLTree.parse(xml))
        #expect(root.child(named: "testsuite")?["hostname"] == "host\"<&>'")
    }

    @Test func harnessFileHoldsOneHarnessTestcaseWithTheError() throws {
        let error = "suites/x.yaml-lite:3:5: error: unknown key 'expct' (did you mean 'expect'?)\n  expct: 2\n  ^"
        let date = Date(timeIntervalSince1970: 1_795_613_787.9)
        let xml = JUnitReporter.harness(error: error, suiteName: "next-number", hostname: "ci", timestamp: date)
        let root = try #require(XMLTree.parse(xml))
        #expect(root["tests"] == "1" && root["errors"] == "1" && root["failures"] == "0")
        let suites = root.children(named: "testsuite")
        #expect(suites.count == 1)
        #expect(suites[0]["name"] == "next-number")
        #expect(suites[0]["timestamp"] == "2026-11-25T13:36:27")
        let cases = suites[0].children(named: "testcase")
        #expect(cases.map { $0["name"] } == ["harness"])
        let element = try #require(cases.first?.child(named: "error"))
        #expect(element["message"] == "suites/x.yaml-lite:3:5: error: unknown key 'expct' (did you mean 'expect'?)")
        #expect(element.text == error)
    }

    @Test func harnessWithoutASuiteIsNamedEvals() throws {
        let root = try #require(XMLTree.parse(JUnitReporter.harness(error: "no suite given", suiteName: nil, hostname: "h")))
        #expect(root.child(named: "testsuite")?["name"] == "evals")
    }

    // MARK: Schema

    static let xmllint: String? = {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/xmllint" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    @Test(.enabled(if: xmllint != nil, "xmllint (libxml2-utils) is not installed"))
    func reportsValidateAgainstJUnit10Schema() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("junit-xsd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let schema = folder.appendingPathComponent("junit-10.xsd")
        try JUnitSchema.xsd.write(to: schema, atomically: true, encoding: .utf8)

        let hostile = Self.hostileOutputs.enumerated().map { index, pair in
            CaseReport(id: "hostile-\(index)", prompt: pair.0, output: pair.0, outcome: .failed, messages: [pair.0], failureType: FailureType(rawValue: pair.0), details: pair.0)
        }
        let documents = [
            ("full.xml", Self.xml),
            ("hostile.xml", JUnitReporter.render(ReportFixtures.single(hostile), hostname: "h")),
            ("harness.xml", JUnitReporter.harness(error: "bad \u{1B}[1m suite\n<&>", suiteName: nil, hostname: "h")),
        ]
        for (name, document) in documents {
            let file = folder.appendingPathComponent(name)
            try document.write(to: file, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try #require(Self.xmllint))
            process.arguments = ["--noout", "--schema", schema.path, file.path]
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(name) does not validate: \(message)")
        }
    }
}
