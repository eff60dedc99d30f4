import Foundation
import YAMLLite
import EvalKitMatchers
import EvalKitSupport

/// The cases of a suite's `cases_from` datasets when they are streamed rather than held
/// (SPEC §11): each row, once read and checked, is written compactly to a temporary spool file,
/// and every walk over the cases reads that file again from its start. A dataset row holds only
/// strings (an id, a prompt, an optional system prompt and exact expectation, tags and vars), so
/// a few bytes of framing a row is all the spool adds, and a run never depends on the dataset
/// file staying as it was.
public final class DatasetCases: Sendable {
    /// How many cases the datasets hold.
    public let count: Int
    private let spool: SpoolFile
    /// The datasets' paths as shown in messages; a spooled row names its dataset by position here.
    private let paths: [String]

    init(count: Int, spool: SpoolFile, paths: [String]) {
        self.count = count
        self.spool = spool
        self.paths = paths
    }

    /// A reader of the cases from the first; several may read at once.
    public func makeCursor() -> Cursor {
        Cursor(cases: self)
    }

    /// Reads the spooled cases in order.
    public struct Cursor {
        private let cases: DatasetCases
        private var window = ReadWindow(capacity: 1 << 16)
        private var offset = 0
        private var read = 0

        fileprivate init(cases: DatasetCases) {
            self.cases = cases
        }

        /// The next case, or nil after the last. A temporary file that can no longer be read is
        /// the system failing under the run, and stops it.
        public mutating func next() -> Suite.Case? {
            guard read < cases.count else { return nil }
            read += 1
            let length = Int(bytes(4).withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }.littleEndian)
            var record = RecordReader(bytes(length))
            let dataset = record.integer()
            let line = record.integer()
            var testCase = Suite.Case(id: record.string(), path: cases.paths[dataset], mark: Mark(line: line, column: 1), prompt: record.string())
            testCase.system = record.optionalString()
            if let expected = record.optionalString() { testCase.expect = [ExactMatcher(expected)] }
            for _ in 0..<record.integer() { testCase.tags.append(record.string()) }
            for _ in 0..<record.integer() {
                let key = record.string()
                testCase.vars[key] = record.string()
            }
            return testCase
        }

        /// The next `count` bytes of the file, reading more as needed.
        private mutating func bytes(_ count: Int) -> ArraySlice<UInt8> {
            if window.pending < count {
                window.compact(freeing: count - window.pending)
                while window.pending < count {
                    let offset = offset
                    let spool = cases.spool
                    let got = window.read { free in
                        do {
                            return try spool.read(at: offset, into: free)
                        } catch {
                            fatalError("cannot read the cases back from their temporary file: \(error)")
                        }
                    }
                    guard got > 0 else { fatalError("the cases' temporary file ended early") }
                    self.offset += got
                }
            }
            window.start += count
            return window.buffer[window.start - count..<window.start]
        }
    }

    /// Writes cases to a new spool.
    struct Writer {
        private let spool: SpoolFile
        private var paths: [String] = []
        private(set) var count = 0
        private var record: [UInt8] = []

        init() throws(AtomicFile.WriteError) {
            spool = try SpoolFile()
        }

        /// Starts a dataset whose rows are added next.
        mutating func startDataset(path: String) {
            paths.append(path)
        }

        /// A row of the current dataset: its one matcher, if any, is an exact match of its
        /// expected output.
        mutating func add(_ testCase: Suite.Case) throws(AtomicFile.WriteError) {
            precondition(testCase.expect.count <= 1 && testCase.expect.allSatisfy { $0 is ExactMatcher }, "a dataset row expects one exact output at most")
            let expected = (testCase.expect.first as? ExactMatcher)?.expected
            record.removeAll(keepingCapacity: true)
            record.append(contentsOf: [0, 0, 0, 0])
            integer(paths.count - 1)
            integer(testCase.mark.line)
            string(testCase.id)
            string(testCase.prompt)
            optionalString(testCase.system)
            optionalString(expected)
            integer(testCase.tags.count)
            for tag in testCase.tags { string(tag) }
            integer(testCase.vars.count)
            for (key, value) in testCase.vars {
                string(key)
                string(value)
            }
            withUnsafeBytes(of: UInt32(record.count - 4).littleEndian) { record.replaceSubrange(0..<4, with: $0) }
            try spool.append(record)
            count += 1
        }

        func finish() throws(AtomicFile.WriteError) -> DatasetCases {
            try spool.flush()
            return DatasetCases(count: count, spool: spool, paths: paths)
        }

        private mutating func integer(_ value: Int) {
            var rest = UInt(value)
            while rest >= 0x80 {
                record.append(UInt8(rest & 0x7F) | 0x80)
                rest >>= 7
            }
            record.append(UInt8(rest))
        }

        private mutating func string(_ text: String) {
            integer(text.utf8.count)
            record.append(contentsOf: text.utf8)
        }

        private mutating func optionalString(_ text: String?) {
            guard let text else { return record.append(0) }
            record.append(1)
            string(text)
        }
    }

    /// Decodes one record written by `Writer`.
    private struct RecordReader {
        let bytes: ArraySlice<UInt8>
        var position: Int

        init(_ bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            position = bytes.startIndex
        }

        mutating func integer() -> Int {
            var value: UInt = 0
            var shift: UInt = 0
            while true {
                let byte = bytes[position]
                position += 1
                value |= UInt(byte & 0x7F) << shift
                if byte < 0x80 { return Int(value) }
                shift += 7
            }
        }

        mutating func string() -> String {
            let length = integer()
            defer { position += length }
            return String(decoding: bytes[position..<position + length], as: UTF8.self)
        }

        mutating func optionalString() -> String? {
            position += 1
            return bytes[position - 1] == 0 ? nil : string()
        }
    }
}
