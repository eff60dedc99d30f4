import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Atomic file replacement: the data goes to a temporary file in the same folder, which is then
/// renamed over the target, so a reader sees the old file or the new one, never half of one.
public enum AtomicFile {
    /// Why a file could not be written; the target is left as it was.
    public struct WriteError: Error, Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var message: String

        public init(path: String, message: String) {
            self.path = path
            self.message = message
        }

        public var description: String { "\(path): error: cannot write the file: \(message)" }
    }

    /// Writes `data` to `url` atomically, creating the folder when missing. The temporary file
    /// (`.NAME.tmp-PID-RANDOM`) is removed when anything fails.
    public static func write(_ data: Data, to url: URL) throws {
        let target = url.standardizedFileURL
        let folder = target.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            // Another writer may have created it at the same moment.
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
                throw WriteError(path: target.path, message: "cannot create the folder \(folder.path)")
            }
        }
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).tmp-\(getpid())-\(String(UInt64.random(in: 0...UInt64.max), radix: 36))").path

        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw WriteError(path: target.path, message: errnoText()) }
        var failure: String?
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errnoText()
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = errnoText() }
        if close(fd) != 0, failure == nil { failure = errnoText() }
        if failure == nil, rename(temporary, target.path) != 0 { failure = errnoText() }
        if let failure {
            unlink(temporary)
            throw WriteError(path: target.path, message: failure)
        }
    }

    /// Writes `text` as UTF-8 to `url` atomically.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }

    private static func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, bytes, count)
        #elseif canImport(Musl)
        Musl.write(fd, bytes, count)
        #else
        Darwin.write(fd, bytes, count)
        #endif
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
