@testable import EvalsCLI
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
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

extension Scratch {
    /// Runs the built `evals` binary in this folder, as `run(_:environment:)` runs the CLI, in a
    /// process of its own: for a test whose outcome depends on its timers firing on time, which the
    /// test process's own threads, shared with every other test, cannot promise.
    func runBinary(_ arguments: [String]) async throws -> CLIResult {
        let process = Process()
        process.executableURL = try #require(BuiltProduct.evals, "the evals executable is built")
        process.arguments = arguments + ["--out", path("reports"), "--golden-dir", path("golden")]
        process.currentDirectoryURL = url
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "NO_COLOR": "1"]
        let (stdout, stderr) = (url.appendingPathComponent("stdout.txt"), url.appendingPathComponent("stderr.txt"))
        for file in [stdout, stderr] { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in done.resume() }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                done.resume(throwing: error)
            }
        }
        defer { for file in [stdout, stderr] { try? FileManager.default.removeItem(at: file) } }
        return CLIResult(
            code: process.terminationStatus,
            stdout: (try? String(contentsOf: stdout, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: stderr, encoding: .utf8)) ?? "")
    }
}

/// The package's root folder, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

extension Scratch {
    /// Writes each case's answer to `answers/<target>/<case id>`, byte for byte, where the target
    /// made by `commandTarget` reads it.
    func answers(_ target: String, _ outputs: [String: String]) throws {
        let folder = url.appendingPathComponent("answers/\(target)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (id, output) in outputs {
            try Data(output.utf8).write(to: folder.appendingPathComponent(id))
        }
    }

    /// Removes a case's answer, so the target's program fails for it (an `error`).
    func removeAnswer(_ target: String, _ id: String) throws {
        try FileManager.default.removeItem(at: url.appendingPathComponent("answers/\(target)/\(id)"))
    }

    /// A yaml-lite `command` target, indented for `targets:`, that prints the file
    /// `answers/<name>/<case id>` exactly as written and fails when there is none.
    func commandTarget(_ name: String) -> String {
        """
          \(name):
            provider: command
            run: [/bin/sh, -c, 'cat "$0/$EVALS_CASE_ID"', \(path("answers/\(name)"))]
        """
    }

    /// The bytes of a file, or nil when there is none.
    func data(_ name: String) -> Data? {
        FileManager.default.contents(atPath: path(name))
    }

    /// Every file under a folder of this scratch, as paths relative to it, sorted.
    func files(under folder: String = "") -> [String] {
        let root = folder.isEmpty ? url : url.appendingPathComponent(folder)
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
        return enumerator.compactMap { $0 as? String }.filter { item in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root.appendingPathComponent(item).path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted()
    }

    /// A `results.json` of this scratch, decoded.
    func results(_ name: String = "reports/results.json") throws -> Results {
        try Results(text: try #require(read(name), "\(name) was not written"))
    }

    /// The testcases of a JUnit file of this scratch.
    func junit(_ name: String = "reports/junit.xml") throws -> JUnitFile {
        try JUnitFile(text: try #require(read(name), "\(name) was not written"))
    }
}

/// A `results.json` read back as plain JSON values, with accessors for the fields tests look at.
struct Results {
    let object: [String: Any]

    init(text: String) throws {
        object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    var exitCode: Int? { object["exit_code"] as? Int }
    var suites: [[String: Any]] { object["suites"] as? [[String: Any]] ?? [] }
    var suite: [String: Any] { suites.first ?? [:] }
    var targets: [[String: Any]] { suite["targets"] as? [[String: Any]] ?? [] }
    var comparisons: [[String: Any]] { suite["comparisons"] as? [[String: Any]] ?? [] }
    var gates: [[String: Any]] { suite["gates"] as? [[String: Any]] ?? [] }

    func target(_ name: String) -> [String: Any]? {
        targets.first { $0["target"] as? String == name }
    }

    /// A target's cases in order.
    func cases(_ target: String) -> [[String: Any]] {
        self.target(target)?["cases"] as? [[String: Any]] ?? []
    }

    /// A target's counts by outcome.
    func counts(of target: String) -> [String: Int] {
        self.target(target)?["counts"] as? [String: Int] ?? [:]
    }

    /// One field of one case of a target.
    func value(_ key: String, of target: String, case id: String) -> Any? {
        cases(target).first { $0["id"] as? String == id }?[key]
    }

    /// One string field of every case of a target, by case id (`null` for null).
    func field(_ key: String, of target: String) -> [String: String] {
        var values: [String: String] = [:]
        for item in cases(target) {
            guard let id = item["id"] as? String else { continue }
            values[id] = item[key].map { $0 as? String ?? ($0 is NSNull ? "null" : "\($0)") } ?? "absent"
        }
        return values
    }
}

/// A JUnit report read back: its testsuite names and testcases.
struct JUnitFile {
    /// One testcase: its identity, the verdict element (`failure`, `error`, `skipped`) if any.
    struct TestCase: Hashable {
        var classname: String
        var name: String
        var verdict: String?
        var type: String?
        var message: String?
        var text: String
        var systemOut: String
    }

    let suiteNames: [String]
    let cases: [TestCase]

    init(text: String) throws {
        let document = try XMLDocument(xmlString: text)
        suiteNames = try document.nodes(forXPath: "/testsuites/testsuite").compactMap { ($0 as? XMLElement)?.attribute(forName: "name")?.stringValue }
        cases = try document.nodes(forXPath: "//testcase").compactMap { node in
            guard let element = node as? XMLElement else { return nil }
            let verdict = element.children?.compactMap { $0 as? XMLElement }.first { ["failure", "error", "skipped"].contains($0.name ?? "") }
            let out = element.elements(forName: "system-out").first?.stringValue ?? ""
            return TestCase(
                classname: element.attribute(forName: "classname")?.stringValue ?? "",
                name: element.attribute(forName: "name")?.stringValue ?? "",
                verdict: verdict?.name, type: verdict?.attribute(forName: "type")?.stringValue,
                message: verdict?.attribute(forName: "message")?.stringValue,
                text: verdict?.stringValue ?? "", systemOut: out)
        }
    }

    func testcase(_ name: String) -> TestCase? {
        cases.first { $0.name == name }
    }
}

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

/// Runs `body` on a thread of its own and waits for it without holding a thread of the
/// cooperative pool. The pool has a thread per core (two in CI): a child process waited for, or a
/// long computation, on one of them stalls every other test's tasks and timers meanwhile, so a
/// timeout test beside it would see its deadline fire seconds late.
func offThePool<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// Runs a program to its end on the calling thread; its exit status and what it wrote to stdout and stderr.
func runProgram(_ executable: URL, _ arguments: [String], in folder: URL? = nil) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = folder }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output)
}

/// Validates an XML file against an XSD with `xmllint`; nil when xmllint or the schema is missing, else its verdict and output.
func validateWithXmllint(_ file: String) async throws -> (valid: Bool, output: String)? {
    guard let xmllint, let junitSchema else { return nil }
    let (status, output) = try await offThePool { try runProgram(xmllint, ["--noout", "--schema", junitSchema.path, file]) }
    return (status == 0, output)
}

/// A loopback port that refuses connections for as long as this value lives: a socket bound to it
/// but not listening, so no other server of the test run can take the port meanwhile (a stopped
/// server's port can be handed to the next one that starts).
final class RefusingPort: @unchecked Sendable {
    let port: Int
    private let fd: Int32

    /// Binds `port`, or with 0 a port the system picks.
    init(port wanted: Int = 0) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(wanted).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            throw POSIXError(.EADDRNOTAVAIL)
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// `http://127.0.0.1:PORT`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    deinit {
        close(fd)
    }
}
