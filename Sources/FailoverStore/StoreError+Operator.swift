import FailoverCore

extension StoreError: OperatorError {
    package var disposition: ErrorDisposition {
        if isTemporary { return .temporary }
        return isUserError ? .user : .internalFault
    }
}
