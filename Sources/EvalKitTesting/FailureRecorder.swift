import EvalKit
import Testing
import XCTest

/// Where an assertion was written, as the `#fileID`, `#filePath`, `#line` and `#column` of its caller.
public struct SourcePlace: Sendable, Equatable, CustomStringConvertible {
    public var fileID: String
    public var filePath: StaticString
    public var line: UInt
    public var column: UInt

    public init(fileID: String, filePath: StaticString, line: UInt, column: UInt) {
        self.fileID = fileID
        self.filePath = filePath
        self.line = line
        self.column = column
    }

    public var description: String { "\(filePath):\(line):\(column)" }

    public static func == (lhs: SourcePlace, rhs: SourcePlace) -> Bool {
        lhs.fileID == rhs.fileID && "\(lhs.filePath)" == "\(rhs.filePath)" && lhs.line == rhs.line && lhs.column == rhs.column
    }
}

/// Where the failures (and warnings) of EvalKit's assertions go: by default to the framework running the test,
/// Swift Testing when a `@Test` is running (`Test.current`), XCTest otherwise.
///
/// A test of your own helpers can collect failures instead of failing:
/// ```swift
/// let failures = Mutex<[String]>([])
/// let collect = FailureRecorder { message, _, _ in failures.withLock { $0.append(message) } }
/// await FailureRecorder.$override.withValue(collect) { await expectOutput("III", .exact("IV")) }
/// ```
public struct FailureRecorder: Sendable {
    /// A failure fails the test; a warning (a new golden file written for review) is shown by
    /// Swift Testing and dropped by XCTest, which has none.
    public enum Severity: Sendable, Equatable {
        case failure, warning
    }

    public var record: @Sendable (_ message: String, _ severity: Severity, _ place: SourcePlace) -> Void

    public init(_ record: @escaping @Sendable (_ message: String, _ severity: Severity, _ place: SourcePlace) -> Void) {
        self.record = record
    }

    /// Records a failure.
    public func record(_ message: String, _ place: SourcePlace) {
        record(message, .failure, place)
    }

    /// Replaces the framework for the task and its children.
    @TaskLocal public static var override: FailureRecorder?

    /// Records in Swift Testing inside a `@Test`, else with `XCTFail`.
    public static let framework = FailureRecorder { message, severity, place in
        if Test.current != nil {
            Issue.record(
                Comment(rawValue: message), severity: severity == .warning ? .warning : .error,
                sourceLocation: SourceLocation(fileID: place.fileID, filePath: "\(place.filePath)", line: Int(place.line), column: Int(place.column)))
        } else if severity == .failure {
            XCTFail(message, file: place.filePath, line: place.line)
        }
    }

    /// The override when one is set, else the framework.
    public static var current: FailureRecorder { override ?? framework }
}
