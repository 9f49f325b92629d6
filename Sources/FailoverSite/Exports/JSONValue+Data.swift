import FailoverEngine
import Foundation

extension JSONValue {
    /// The file's bytes: pretty for the files people read, compact for the per-agent ones.
    func data(pretty: Bool = true) -> Data { Data(bytes(pretty: pretty)) }
}
