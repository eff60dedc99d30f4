import EvalKitTesting
import Foundation
import Testing

@Suite struct GoldenAssertionTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("evals-golden-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func assertion(ci: Bool = false, record: Bool = false) -> GoldenAssertion {
        GoldenAssertion(golden: folder.appendingPathComponent("roman.golden"), ciMode: ci, record: record)
    }

    func read(_ url: URL) -> String? { try? String(contentsOf: url, encoding: .utf8) }

    @Test func theGoldenFileLivesBesideTheTestFile() {
        let assertion = GoldenAssertion(named: "roman", besideTestFile: "/p/Tests/AppTests/RomanTests.swift", environment: ["CI": "true", "EVALS_RECORD": "1"])
        #expect(assertion.golden.path == "/p/Tests/AppTests/__Golden__/RomanTests/roman.golden")
        #expect(assertion.pending.path == "/p/Tests/AppTests/__Golden__/RomanTests/roman.golden.new")
        #expect(assertion.ciMode && assertion.record)
        let local = GoldenAssertion(named: "roman", besideTestFile: "/p/T.swift", environment: ["CI": "false", "EVALS_RECORD": "0"])
        #expect(!local.ciMode && !local.record)
    }

    @Test func aMissingGoldenFileIsAWarningWithAPendingFileOutsideCIAndAFailureInCI() {
        #expect(assertion(ci: true).verdict("IV") == .failed("no golden file \(folder.path)/roman.golden; record it with EVALS_RECORD=1 outside CI and commit it"))
        #expect(read(assertion().pending) == nil)
        let pending = "\(folder.path)/roman.golden.new"
        #expect(assertion().verdict("IV") == .warning("new golden output: wrote \(pending); accept it with `mv \(pending) \(folder.path)/roman.golden` or rerun with EVALS_RECORD=1"))
        #expect(read(assertion().pending) == "IV\n")
        #expect(read(assertion().golden) == nil)
    }

    @Test func recordingWritesTheGoldenFileAndRemovesThePendingOne() {
        _ = assertion().check("IV")
        #expect(assertion(record: true).check("IV") == nil)
        #expect(read(assertion().golden) == "IV\n")
        #expect(read(assertion().pending) == nil)
        #expect(assertion(ci: true).check(" IV ") == nil)
    }

    @Test func aDifferenceFailsWithADiffAndWritesThePendingFileOutsideCI() throws {
        _ = assertion(record: true).check("I\nII\nIII")
        let inCI = try #require(assertion(ci: true).check("I\nII\nIV"))
        #expect(inCI == """
            output differs from golden file \(folder.path)/roman.golden:
            --- golden
            +++ output
            @@ -1,3 +1,3 @@
             I
             II
            -III
            +IV
            """)
        #expect(read(assertion().pending) == nil)
        let local = try #require(assertion().check("I\nII\nIV"))
        #expect(local.hasPrefix("output differs from golden file \(folder.path)/roman.golden (wrote roman.golden.new; accept it with `mv \(folder.path)/roman.golden.new \(folder.path)/roman.golden` or rerun with EVALS_RECORD=1):\n--- golden"))
        #expect(read(assertion().pending) == "I\nII\nIV\n")
        #expect(assertion().check("I\nII\nIII\n") == nil)
        #expect(read(assertion().pending) == nil)
    }

    @Test func aNameMustBeAFileName() {
        let assertion = GoldenAssertion(golden: folder.appendingPathComponent("a b.golden"), ciMode: false, record: true)
        #expect(assertion.check("x") == "golden name 'a b' may hold only letters, digits, '.', '_' and '-'")
    }
}

