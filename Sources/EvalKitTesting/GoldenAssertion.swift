import EvalKit
import Foundation

/// The golden check behind ``assertGolden(_:named:fileID:filePath:line:column:)``: compares a text
/// with a golden file and writes what the mode asks; pure apart from those files.
///
/// The golden file holds the text as it came, with a line end added when it has none; the
/// comparison is exact after trimming surrounding whitespace, as in a suite's golden check.
public struct GoldenAssertion: Sendable {
    /// `…/__Golden__/<TestFile>/<name>.golden`.
    public var golden: URL
    /// CI mode: never writes a file by itself, and a missing golden file fails.
    public var ciMode: Bool
    /// `EVALS_RECORD=1`: writes the golden file and passes.
    public var record: Bool

    public init(golden: URL, ciMode: Bool, record: Bool) {
        self.golden = golden
        self.ciMode = ciMode
        self.record = record
    }

    /// The golden file of the test file at `filePath`: `__Golden__/<file name without .swift>/<name>.golden` beside it.
    public init(named name: String, besideTestFile filePath: String, environment: [String: String]) {
        let testFile = URL(fileURLWithPath: filePath)
        let folder = testFile.deletingLastPathComponent()
            .appendingPathComponent("__Golden__")
            .appendingPathComponent(testFile.deletingPathExtension().lastPathComponent)
        self.init(
            golden: folder.appendingPathComponent("\(name).golden"), ciMode: EnvironmentFlag.ciMode(environment),
            record: EnvironmentFlag.isOn(environment["EVALS_RECORD"]))
    }

    /// The pending file written beside the golden file outside CI: `<name>.golden.new`.
    public var pending: URL { golden.appendingPathExtension("new") }

    /// What a check found.
    public enum Verdict: Sendable, Equatable {
        case passed
        /// Passes with something to review: a new golden output written as a pending file.
        case warning(String)
        case failed(String)
    }

    /// Checks `text`; nil when it passes, else the failure's message.
    public func check(_ text: String) -> String? {
        if case .failed(let message) = verdict(text) { return message }
        return nil
    }

    /// Checks `text` and writes what the mode asks.
    public func verdict(_ text: String) -> Verdict {
        let name = golden.deletingPathExtension().lastPathComponent
        guard name.range(of: "^[A-Za-z0-9._-]+$", options: .regularExpression) != nil else {
            return .failed("golden name '\(name)' may hold only letters, digits, '.', '_' and '-'")
        }
        let stored = try? String(contentsOf: golden, encoding: .utf8)
        if record {
            return write(text, to: golden, removingPending: true).map(Verdict.failed) ?? .passed
        }
        let accept = "accept it with `mv \(pending.path) \(golden.path)` or rerun with EVALS_RECORD=1"
        guard let stored else {
            if ciMode {
                return .failed("no golden file \(golden.path); record it with EVALS_RECORD=1 outside CI and commit it")
            }
            if let failure = write(text, to: pending, removingPending: false) { return .failed(failure) }
            return .warning("new golden output: wrote \(pending.path); \(accept)")
        }
        let old = stored.trimmingCharacters(in: .whitespacesAndNewlines)
        let new = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if old == new {
            if !ciMode { try? FileManager.default.removeItem(at: pending) }
            return .passed
        }
        let diff = UnifiedDiff.render(old: old + "\n", new: new + "\n") ?? ""
        if ciMode {
            return .failed("output differs from golden file \(golden.path):\n\(diff)")
        }
        if let failure = write(text, to: pending, removingPending: false) { return .failed(failure) }
        return .failed("output differs from golden file \(golden.path) (wrote \(pending.lastPathComponent); \(accept)):\n\(diff)")
    }

    private func write(_ text: String, to url: URL, removingPending: Bool) -> String? {
        let content = text.hasSuffix("\n") ? text : text + "\n"
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AtomicFile.write(Data(content.utf8), to: url)
            if removingPending { try? FileManager.default.removeItem(at: pending) }
            return nil
        } catch {
            return "could not write \(url.path): \(error)"
        }
    }
}

/// Compares `text` with the golden file `__Golden__/<TestFile>/<name>.golden` beside the test
/// file, recording a failure with a unified diff when they differ (exact after trimming).
///
/// Outside CI mode (`CI` unset, empty, `0` or `false`) a difference or a missing golden file
/// writes `<name>.golden.new` beside it for review; a missing one passes with a warning (shown by
/// Swift Testing), as a new golden entry does in a suite run. In CI mode nothing is written and a missing golden file fails. With
/// `EVALS_RECORD=1` the golden file is written and the check passes.
public func assertGolden(
    _ text: String, named name: String,
    fileID: String = #fileID, filePath: StaticString = #filePath, line: UInt = #line, column: UInt = #column
) {
    let assertion = GoldenAssertion(named: name, besideTestFile: "\(filePath)", environment: ProcessInfo.processInfo.environment)
    let place = SourcePlace(fileID: fileID, filePath: filePath, line: line, column: column)
    switch assertion.verdict(text) {
    case .passed: break
    case .warning(let message): FailureRecorder.current.record(message, .warning, place)
    case .failed(let message): FailureRecorder.current.record(message, .failure, place)
    }
}
