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
