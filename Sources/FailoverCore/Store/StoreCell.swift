/// One value of a stored row as either store holds it, for copying a database from one store to the
/// other column for column (`failover migrate-store`).
public enum StoreCell: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}
