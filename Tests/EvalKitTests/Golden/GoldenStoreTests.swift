import Foundation
import Testing
import YAMLLite
@testable import EvalKit
@testable import EvalKitSuite
@testable import EvalKitGolden
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("GoldenStore")
struct GoldenStoreTests {
    /// A fresh folder for one test, removed when the test ends.
    final class TemporaryFolder {
        let path: String

        init() throws {
            path = NSTemporaryDirectory() + "evals-golden-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }

        deinit {
            chmod(path, 0o755)
            try? FileManager.default.removeItem(atPath: path)
        }

        func contents(_ folder: String = "") throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? path : "\(path)/\(folder)").sorted()
        }
    }

    static let sample = GoldenFile(suite: "next-number", target: "tuned", model: "tunedModels/x", entries: [
        GoldenFile.Entry(id: "digits-1", prompt: "1", output: "2"),
        GoldenFile.Entry(id: "words", prompt: "ninety nine", output: "one hundred\n"),
    ])

    @Test func pathsFollowTheSuiteAndTarget() {
        let store = GoldenStore(directory: "golden")
        #expect(store.goldenPath(suite: "next-number", target: "tuned") == "golden/next-number/tuned.golden")
        #expect(store.pendingPath(suite: "next-number", target: "tuned") == "golden/next-number/tuned.golden.new")
        #expect(GoldenStore(directory: "/tmp/g/").goldenPath(suite: "s", target: "t") == "/tmp/g/s/t.golden")
    }

    @Test func aMissingFileReadsAsNil() throws {
        let folder = try TemporaryFolder()
        let store = GoldenStore(directory: folder.path)
        #expect(try store.read(suite: "s", target: "t") == nil)
        #expect(try store.readPending(suite: "s", target: "t") == nil)
        #expect(try store.accept(suite: "s", target: "t") == false)
    }

    @Test func atomicWriteCreatesFoldersAndLeavesExactlyTheNewBytes() throws {
        let folder = try TemporaryFolder()
        let path = "\(folder.path)/a/b/t.golden"
        try GoldenStore.writeAtomically("first\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "first\n")
        let text = "second: ünïcode\r\n\u{1B}[0m\n"
        try GoldenStore.writeAtomically(text, to: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(text.utf8))
        #expect(try folder.contents("a/b") == ["t.golden"])
    }

    @Test func aFailedWriteLeavesTheDestinationAndNoTemporaryFile() throws {
        let folder = try TemporaryFolder()
        // A folder where the file should go: rename(2) cannot replace it, even for root.
        let path = "\(folder.path)/t.golden"
        try FileManager.default.createDirectory(atPath: path + "/keep", withIntermediateDirectories: true)
        #expect(throws: Diagnostic.self) {
            try GoldenStore.writeAtomically("new\n", to: path)
        }
        #expect(try folder.contents() == ["t.golden"])
        #expect(try folder.contents("t.golden") == ["keep"])
    }

    @Test(.enabled(if: getuid() != 0, "root may write to a read-only folder"))
    func aReadOnlyFolderFailsAndKeepsTheOldFile() throws {
        let folder = try TemporaryFolder()
        let path = "\(folder.path)/t.golden"
        try GoldenStore.writeAtomically("old\n", to: path)
        chmod(folder.path, 0o555)
        defer { chmod(folder.path, 0o755) }
        let error = #expect(throws: Diagnostic.self) {
            try GoldenStore.writeAtomically("new\n", to: path)
        }
        #expect(error?.path == path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old\n")
        #expect(try folder.contents() == ["t.golden"])
    }

    @Test func writtenFilesReadBack() throws {
        let folder = try TemporaryFolder()
        let store = GoldenStore(directory: folder.path)
        try store.write(Self.sample, suite: "next-number", target: "tuned")
        #expect(try store.read(suite: "next-number", target: "tuned") == Self.sample)
        let bytes = try String(contentsOfFile: store.goldenPath(suite: "next-number", target: "tuned"), encoding: .utf8)
        #expect(bytes == Self.sample.render())
        #expect(try folder.contents("next-number") == ["tuned.golden"])
    }

    @Test func acceptMovesThePendingFileOverTheGoldenFile() throws {
        let folder = try TemporaryFolder()
        let store = GoldenStore(directory: folder.path)
        var old = Self.sample
        old.entries[0].output = "3"
        try store.write(old, suite: "next-number", target: "tuned")
        try store.writePending(Self.sample, suite: "next-number", target: "tuned")
        #expect(try folder.contents("next-number") == ["tuned.golden", "tuned.golden.new"])
        #expect(try store.accept(suite: "next-number", target: "tuned") == true)
        #expect(try folder.contents("next-number") == ["tuned.golden"])
        #expect(try String(contentsOfFile: store.goldenPath(suite: "next-number", target: "tuned"), encoding: .utf8) == Self.sample.render())
        #expect(try store.accept(suite: "next-number", target: "tuned") == false)
    }

    @Test func anInvalidPendingFileIsNeverAccepted() throws {
        let folder = try TemporaryFolder()
        let store = GoldenStore(directory: folder.path)
        try store.write(Self.sample, suite: "s", target: "t")
        let pending = store.pendingPath(suite: "s", target: "t")
        try GoldenStore.writeAtomically("cases:\n  a:\n    prompt: x\n", to: pending)
        let error = #expect(throws: Diagnostic.self) {
            try store.accept(suite: "s", target: "t")
        }
        #expect(error?.heading == "\(pending):2:3: error: golden entry 'a' has no `output`")
        #expect(try store.read(suite: "s", target: "t") == GoldenFile(suite: "s", target: "t", model: Self.sample.model, entries: Self.sample.entries))
        #expect(FileManager.default.fileExists(atPath: pending))
    }

    @Test func removePendingDeletesOnlyWhatExists() throws {
        let folder = try TemporaryFolder()
        let store = GoldenStore(directory: folder.path)
        let pending = store.pendingPath(suite: "s", target: "t")
        try GoldenStore.writeAtomically("cases:\n", to: pending)
        #expect(try store.removePending(suite: "s", target: "t") == true)
        #expect(!FileManager.default.fileExists(atPath: pending))
        #expect(try store.removePending(suite: "s", target: "t") == false)
    }

    @Test func aConflictedFileIsADiagnosticAtTheMarker() throws {
        let folder = try TemporaryFolder()
        let store = GoldenStore(directory: folder.path)
        let path = store.goldenPath(suite: "s", target: "t")
        try GoldenStore.writeAtomically("""
            # Golden outputs of suite s, target t. Written by evals; review changes like code.
            cases:
              a:
            <<<<<<< HEAD
                output: "1"
            =======
                output: "2"
            >>>>>>> branch
            """, to: path)
        let error = #expect(throws: Diagnostic.self) {
            try store.read(suite: "s", target: "t")
        }
        #expect(error?.heading == "\(path):4:1: error: unresolved merge conflict marker `<<<<<<<` in golden file; resolve the conflict, or record the file again and review it")
    }

    @Test func invalidUTF8IsADiagnostic() throws {
        let folder = try TemporaryFolder()
        let store = GoldenStore(directory: folder.path)
        let path = store.goldenPath(suite: "s", target: "t")
        try FileManager.default.createDirectory(atPath: "\(folder.path)/s", withIntermediateDirectories: true)
        try Data([0x63, 0x61, 0xFF, 0xFE]).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: Diagnostic.self) {
            try store.read(suite: "s", target: "t")
        }
        #expect(error?.heading == "\(path):1:3: error: the file is not valid UTF-8 (byte 0xFF cannot start or continue a character here)")
    }
}
