@testable import EvalsCLI
import Foundation
import Synchronization
import Testing

/// A text sink that keeps what was written, for in-process runs of the CLI.
final class Buffer: TextSink {
    private let storage = Mutex("")
    let isTerminal: Bool

    init(terminal: Bool = false) {
        isTerminal = terminal
    }

    func write(_ text: String) {
        storage.withLock { $0 += text }
    }

    var text: String { storage.withLock { $0 } }
}

/// The outcome of one in-process CLI run.
struct CLIResult {
    var code: Int32
    var stdout: String
    var stderr: String
}

/// A scratch folder for one test, removed at the end.
final class Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("evals-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    func read(_ name: String) -> String? {
        try? String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
    }

    func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: path(name))
    }

    /// Runs the CLI with reports and golden files inside this folder unless the arguments say otherwise.
    func run(_ arguments: [String], environment: [String: String] = [:], terminal: Bool = false) async -> CLIResult {
        let out = Buffer(terminal: terminal), err = Buffer(terminal: terminal)
        var arguments = arguments
        let command = arguments.first.flatMap(Command.init(rawValue:)) ?? .run
        if [.run, .merge].contains(command), !arguments.contains("--out") { arguments += ["--out", path("reports")] }
        if [.run, .check, .list, .accept].contains(command), !arguments.contains("--golden-dir") { arguments += ["--golden-dir", path("golden")] }
        let code = await CLI.main(arguments: arguments, environment: environment, stdout: out, stderr: err)
        return CLIResult(code: code, stdout: out.text, stderr: err.text)
    }
}

/// The package's root folder, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The executables of this package, found beside the test bundle (where `swift test` builds them) or under `.build/debug`.
enum BuiltProduct {
    static func url(_ name: String) -> URL? {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name),
            packageRoot.appendingPathComponent(".build/debug/\(name)"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    static let evals = url("evals")
}

/// The JUnit schema that reports must validate against, in the shared folder beside the package, when it is there.
let junitSchema: URL? = {
    let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/junit/junit-10.xsd")
    return FileManager.default.fileExists(atPath: url.path) ? url : nil
}()

/// `xmllint` on the PATH, when it is installed.
let xmllint: URL? = {
    let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/usr/local/bin").split(separator: ":")
    return folders.map { URL(fileURLWithPath: String($0)).appendingPathComponent("xmllint") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }
}()

/// Validates an XML file against an XSD with `xmllint`; nil when xmllint or the schema is missing, else its verdict and output.
func validateWithXmllint(_ file: String) throws -> (valid: Bool, output: String)? {
    guard let xmllint, let junitSchema else { return nil }
    let process = Process()
    process.executableURL = xmllint
    process.arguments = ["--noout", "--schema", junitSchema.path, file]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus == 0, output)
}

/// A `results.json` read back, with its targets' cases at hand.
struct ResultsFile {
    let object: [String: Any]

    init(_ text: String?) throws {
        let text = try #require(text, "results.json was written")
        object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    var targets: [[String: Any]] {
        ((object["suites"] as? [[String: Any]]) ?? []).flatMap { ($0["targets"] as? [[String: Any]]) ?? [] }
    }

    func target(_ name: String) -> [String: Any]? {
        targets.first { $0["target"] as? String == name }
    }

    func cases(of target: String) -> [[String: Any]] {
        (self.target(target)?["cases"] as? [[String: Any]]) ?? []
    }

    func counts(of target: String) -> [String: Int] {
        (self.target(target)?["counts"] as? [String: Int]) ?? [:]
    }
}
