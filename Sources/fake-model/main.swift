import FakeModelServer
import Foundation

FileHandle.standardError.write("fake-model: not implemented\n".data(using: .utf8)!)
exit(2)
