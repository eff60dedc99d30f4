import Foundation
import Synchronization
import Testing
@testable import EvalKit
@testable import EvalKitSupport
@testable import EvalKitSuite

@Suite("AtomicFile")
struct AtomicFileTests {
    /// A fresh empty folder, removed by `body`'s end.
    private func withFolder(_ body: (URL) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try body(folder)
    }

    private func entries(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func writesAndReplacesLeavingNoTemporaryFile() throws {
        try withFolder { folder in
            let file = folder.appendingPathComponent("junit.xml")
            try AtomicFile.write(Data("first\n".utf8), to: file)
            #expect(try String(contentsOf: file, encoding: .utf8) == "first\n")
            try AtomicFile.write("second, ünïcode 🎉", to: file)
            #expect(try String(contentsOf: file, encoding: .utf8) == "second, ünïcode 🎉")
            try AtomicFile.write(Data(), to: file)
            #expect(try Data(contentsOf: file).isEmpty)
            #expect(try entries(folder) == ["junit.xml"])
        }
    }

    @Test func aReplacedFileKeepsItsPermissionBits() throws {
        try withFolder { folder in
            let file = folder.appendingPathComponent("t.golden")
            try AtomicFile.write("old\n", to: file)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
            try AtomicFile.write("new\n", to: file)
            let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            #expect(try String(contentsOf: file, encoding: .utf8) == "new\n")
        }
    }

    @Test func createsMissingFolders() throws {
        try withFolder { folder in
            let file = folder.appendingPathComponent("reports/nested/results.json")
            try AtomicFile.write("{}", to: file)
            #expect(try String(contentsOf: file, encoding: .utf8) == "{}")
            #expect(try entries(folder.appendingPathComponent("reports/nested")) == ["results.json"])
        }
    }

    @Test func aFailedRenameLeavesTheTargetAndNoTemporaryFile() throws {
        try withFolder { folder in
            let target = folder.appendingPathComponent("report.txt")
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
            try "old".write(to: target.appendingPathComponent("inside"), atomically: false, encoding: .utf8)
            #expect(throws: AtomicFile.WriteError.self) {
                try AtomicFile.write("new", to: target)
            }
            #expect(try String(contentsOf: target.appendingPathComponent("inside"), encoding: .utf8) == "old")
            #expect(try entries(folder) == ["report.txt"])
        }
    }

    @Test func aFolderThatCannotBeCreatedIsAnErrorNamingTheFile() throws {
        try withFolder { folder in
            let blocker = folder.appendingPathComponent("golden")
            try AtomicFile.write("a file, not a folder", to: blocker)
            let target = blocker.appendingPathComponent("tuned.golden")
            #expect {
                try AtomicFile.write("x", to: target)
            } throws: { error in
                (error as? AtomicFile.WriteError)?.path == target.path
            }
            #expect(try String(contentsOf: blocker, encoding: .utf8) == "a file, not a folder")
            #expect(try entries(folder) == ["golden"])
        }
    }

    @Test func concurrentWritersNeverLeaveAHalfFile() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("golden.yaml-lite")
        let contents = (0..<8).map { String(repeating: "\($0)", count: 64 * 1024) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for text in contents {
                group.addTask { try AtomicFile.write(text, to: file) }
            }
            try await group.waitForAll()
        }
        #expect(contents.contains(try String(contentsOf: file, encoding: .utf8)))
        #expect(try entries(folder) == ["golden.yaml-lite"])
    }

    @Test func aDeviceIsWrittenToAndNeverReplaced() throws {
        try AtomicFile.write("discarded", to: URL(fileURLWithPath: "/dev/null"))
        var status = stat()
        #expect(stat("/dev/null", &status) == 0)
        #expect(status.st_mode & S_IFMT == S_IFCHR, "/dev/null is still a character device")
    }

    @Test func aFullDeviceIsAnErrorNamingIt() {
        #expect {
            try AtomicFile.write("x", to: URL(fileURLWithPath: "/dev/full"))
        } throws: { error in
            (error as? AtomicFile.WriteError)?.path == "/dev/full"
        }
        var status = stat()
        #expect(stat("/dev/full", &status) == 0 && status.st_mode & S_IFMT == S_IFCHR)
    }

    @Test func aFIFOReceivesTheBytes() throws {
        try withFolder { folder in
            let fifo = folder.appendingPathComponent("results.json")
            #expect(mkfifo(fifo.path, 0o600) == 0)
            let received = Mutex<Data?>(nil)
            let done = DispatchSemaphore(value: 0)
            DispatchQueue.global().async {
                let data = FileHandle(forReadingAtPath: fifo.path)?.readDataToEndOfFile()
                received.withLock { $0 = data }
                done.signal()
            }
            try AtomicFile.write("{\"ok\": true}", to: fifo)
            done.wait()
            #expect(received.withLock { $0 } == Data("{\"ok\": true}".utf8))
            var status = stat()
            #expect(stat(fifo.path, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO, "the FIFO is still a FIFO")
            #expect(try entries(folder) == ["results.json"])
        }
    }

    @Test func aSymbolicLinkIsFollowedAndKept() throws {
        try withFolder { folder in
            let real = folder.appendingPathComponent("real/junit.xml")
            try AtomicFile.write("old", to: real)
            let link = folder.appendingPathComponent("junit.xml")
            try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "real/junit.xml")
            try AtomicFile.write("new", to: link)
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "real/junit.xml")
            #expect(try String(contentsOf: real, encoding: .utf8) == "new")
            #expect(try entries(folder.appendingPathComponent("real")) == ["junit.xml"])
        }
    }

    @Test func temporariesOfDeadWritersAreRemovedByTheNextWrite() throws {
        try withFolder { folder in
            let file = folder.appendingPathComponent("results.json")
            let abandoned = ".results.json.tmp-\(Int32.max)-abc"
            let live = ".results.json.tmp-\(getpid())-def"
            let other = ".report.txt.tmp-\(Int32.max)-ghi"
            for name in [abandoned, live, other] {
                #expect(FileManager.default.createFile(atPath: folder.appendingPathComponent(name).path, contents: Data("half".utf8)))
            }
            try AtomicFile.write("{}", to: file)
            #expect(try entries(folder) == [other, live, "results.json"].sorted())
        }
    }
}
