import Foundation
import EvalKitSupport
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The cases of one judged target, written out in suite order as they finish instead of being
/// kept (SPEC §11). Each case is rendered once into three fragment files — its `results.json`
/// object, its JUnit `<testcase>` and its HTML entry, exactly as the whole-report renderers
/// write them — and added to a running `CaseTally`. The reports are rendered with a placeholder
/// where the cases go, and `splice` copies the fragments in while the file is written.
///
/// The fragment files are unlinked as soon as they are open, so nothing is left behind by a
/// crash. Only cases the text reports list (`retain`) are kept, up to `retainLimit`.
public final class SpooledCases: @unchecked Sendable, Equatable {
    public enum Format: String, CaseIterable, Sendable {
        case json = "j", junit = "x", html = "h"
    }

    /// The indentation of a case object in `results.json`: run › suites › suite › targets › target › cases.
    static let jsonCaseIndent = 12

    private static let counter = Mutex(0)

    private let id: Int
    private let suite: String
    private let target: TargetReport
    private let retain: @Sendable (CaseReport) -> Bool
    private let render: Render
    private let retainLimit: Int
    private let replayable: Bool
    private let json: SpoolFile
    private let junit: SpoolFile
    private let html: SpoolFile
    /// Where each case's object is in the JSON fragment file, for `replayedCase`.
    private var caseRanges: [Range<Int>] = []

    public private(set) var count = 0
    public private(set) var tally = CaseTally()
    /// The sum of the cases' wall times (each at least 0), as the JUnit testsuite's `time`.
    public private(set) var seconds = 0.0
    /// The retained cases, in suite order.
    public private(set) var retained: [CaseReport] = []
    /// Cases `retain` wanted that did not fit under the limit.
    public private(set) var omitted = 0
    /// Cases skipped because the run was interrupted.
    public private(set) var interrupted = 0
    /// Cases not sent because the run's spend reached its cost limit.
    public private(set) var costLimited = 0
    /// What the text report's golden section shows of the cases.
    public private(set) var golden: GoldenTally
    /// The cases whose result or output changed from the baseline's, for a compared candidate.
    public private(set) var changes: ChangedCases
    /// Whether a case ended in a configuration error (exit code 2, SPEC §2).
    public private(set) var configurationError = false

    /// Appends a case's JUnit `<testcase>` and HTML entry, as the reporters write them, to the
    /// JUnit and HTML buffers, and returns its JUnit `time` in seconds as the testsuite sums them.
    public typealias Render = @Sendable (_ item: CaseReport, _ junit: inout [UInt8], _ html: inout [UInt8]) -> Double

    /// `render` writes each case's JUnit and HTML fragments (the reporters' own renderers: the
    /// results model knows no report format but JSON). A `replayable` spool can read its cases
    /// back (`replayedCase`).
    public init(suite: String, target: TargetReport, retainLimit: Int = 1000, replayable: Bool = false, render: @escaping Render, retain: @escaping @Sendable (CaseReport) -> Bool) throws {
        self.id = Self.counter.withLock { value in
            value += 1
            return value
        }
        self.suite = suite
        self.target = target
        self.retain = retain
        self.render = render
        self.retainLimit = retainLimit
        self.golden = GoldenTally(listLimit: retainLimit)
        self.changes = ChangedCases(listLimit: retainLimit)
        self.replayable = replayable
        json = try SpoolFile()
        junit = try SpoolFile()
        html = try SpoolFile()
    }

    public static func == (lhs: SpooledCases, rhs: SpooledCases) -> Bool { lhs === rhs }

    /// Renders the next case (in suite order) into the fragment files and the tally; `before` is
    /// the baseline's output of the case when the case was compared with it.
    public func add(_ item: CaseReport, before: String? = nil) throws {
        let indent = Self.jsonCaseIndent
        json.pending += count == 0 ? "[\n" : ",\n"
        json.pending += JSONTextEncoder.spaces(indent)
        let start = json.size
        item.appendJSON(indent: indent, to: &json.pending)
        if replayable { caseRanges.append(start..<json.size) }
        seconds += render(item, &junit.pending, &html.pending)
        try json.flushWhenFull()
        try junit.flushWhenFull()
        try html.flushWhenFull()
        count += 1
        tally.add(item)
        golden.add(item)
        changes.add(item, before: before)
        if item.outcome == .skipped && item.reason == .interrupted { interrupted += 1 }
        if item.outcome == .skipped && item.reason == .costLimit { costLimited += 1 }
        if item.outcome == .error && item.errorKind == .configuration { configurationError = true }
        if retain(item) {
            if retained.count < retainLimit { retained.append(item) } else { omitted += 1 }
        }
    }

    /// Appends to the HTML fragments what `write` adds: the entries of a suite whose targets'
    /// cases are shown side by side, written once per case rather than once per target.
    public func appendHTML(_ write: (inout [UInt8]) -> Void) throws {
        write(&html.pending)
        try html.flushWhenFull()
    }

    /// Flushes what the fragment files buffer; call once every case is added.
    public func finish() throws {
        for file in [json, junit, html] { try file.flush() }
    }

    private func file(_ format: Format) -> SpoolFile {
        switch format {
        case .json: json
        case .junit: junit
        case .html: html
        }
    }

    /// The case added `index`th (from 0) to a `replayable` spool, read back; call after `finish`.
    public func replayedCase(_ index: Int) throws -> CaseReport {
        precondition(replayable, "replay needs a spool made replayable")
        return try JSONDecoder().decode(CaseReport.self, from: Data(json.read(caseRanges[index])))
    }

    /// The text a report holds where this target's cases go.
    public func placeholder(_ format: Format) -> String {
        "\u{1}spool \(id) \(format.rawValue)\u{1}"
    }

    /// Writes `text` through `write`, with every placeholder of these spools replaced by the
    /// fragments it stands for (a JSON placeholder by the whole `[…]` array).
    public static func splice(_ text: String, spools: [SpooledCases], write: (UnsafeRawBufferPointer) throws -> Void) throws {
        let utf8 = text.utf8
        var start = utf8.startIndex
        func emit(_ part: Substring.UTF8View) throws {
            var bytes = Array(part)
            try bytes.withUnsafeMutableBytes { try write(UnsafeRawBufferPointer($0)) }
        }
        let marker = Array("\u{1}spool ".utf8)
        var search = start
        while let found = utf8[search...].firstIndex(of: 1) {
            let afterMarker = utf8.index(found, offsetBy: marker.count, limitedBy: utf8.endIndex) ?? utf8.endIndex
            guard utf8[found..<afterMarker].elementsEqual(marker), let end = utf8[afterMarker...].firstIndex(of: 1) else {
                search = utf8.index(after: found)
                continue
            }
            let fields = String(decoding: utf8[afterMarker..<end], as: UTF8.self).split(separator: " ")
            guard fields.count == 2, let id = Int(fields[0]), let format = Format(rawValue: String(fields[1])),
                  let spool = spools.first(where: { $0.id == id }) else {
                search = utf8.index(after: found)
                continue
            }
            try emit(text[start..<found].utf8)
            try spool.file(format).copy(to: write)
            if format == .json {
                var close = spool.count == 0 ? "[]" : "\n" + JSONTextEncoder.spaces(jsonCaseIndent - 2) + "]"
                try close.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
            }
            start = utf8.index(after: end)
            search = start
        }
        try emit(text[start...].utf8)
    }
}
