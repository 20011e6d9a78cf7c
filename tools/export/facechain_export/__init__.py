"""Exports SD-1.5 + FaceChain-FACT weights into the FaceChain Functions ONNX model-set contract (docs/model-contract.md)."""

FACECHAIN_COMMIT = "7bc7119c54deab7de6b29f0d14bd6f51d7d98a1c"
