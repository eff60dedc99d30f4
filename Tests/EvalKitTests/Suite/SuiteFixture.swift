import Foundation
import Testing
import YAMLLite
@testable import EvalKit
@testable import EvalKitSuite

/// A temporary folder for a suite file and its datasets, removed when the fixture goes away.
final class SuiteFixture {
    /// Marks where a diagnostic is expected in test input; removed before the text is written.
    static let marker: Character = "⟪"

    let directory: URL
    /// Whether suites load with their datasets' cases streamed (SPEC §11); `load` then reads them
    /// all back into `cases`, so a test sees the same suite either way.
    var streaming: Bool

    init(streaming: Bool = false) throws {
        self.streaming = streaming
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("evals-suite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Writes `text` (marker removed) to `name` under the folder and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(Self.unmarked(text).utf8).write(to: url)
        return url.path
    }

    /// Writes the suite as `suite.yaml-lite` and loads it with `--set` options.
    func load(_ text: String, sets: [String] = []) throws -> Suite {
        let path = try write("suite.yaml-lite", text)
        var overrides: [SuiteOverride] = []
        for option in sets { overrides.append(try SuiteOverride.parse(option, as: "--set")) }
        var suite = try SuiteLoader.load(path: path, overrides: overrides, streamingDatasets: streaming)
        if streaming {
            var cursor = suite.makeCaseCursor()
            var cases: [Suite.Case] = []
            while let next = cursor.next() { cases.append(next) }
            #expect(cases.count == suite.caseCount)
            suite.cases = cases
            suite.datasetCases = nil
        }
        return suite
    }

    /// The diagnostic that loading the suite throws, or nil when it loads.
    func failure(_ text: String, sets: [String] = []) -> Diagnostic? {
        do {
            _ = try load(text, sets: sets)
            return nil
        } catch let error as Diagnostic {
            return error
        } catch {
            return Diagnostic("unexpected error: \(error)")
        }
    }

    /// The text without the marker.
    static func unmarked(_ text: String) -> String {
        text.filter { $0 != marker }
    }

    /// Where the marker is: its line and column (in Unicode scalars), both from 1.
    static func markerPosition(in text: String) -> Mark? {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let found = line.firstIndex(of: marker) {
                return Mark(line: index + 1, column: line[..<found].unicodeScalars.count + 1)
            }
        }
        return nil
    }
}

/// A small valid suite, to which tests add or change keys.
enum SuiteText {
    static let header = """
        suite: demo
        targets:
          ref:
            provider: reference
            model: next-number

        """

    static func withCases(_ cases: String) -> String {
        header + "cases:\n" + cases
    }
}
