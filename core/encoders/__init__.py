"""The encoders behind the embedding function (core.embedding): sentence-transformers
on torch (the reference) and the same model exported to ONNX and run with ONNX Runtime
(fp32, or dynamically quantised to int8). Each has `encode(texts) -> ndarray` of unit
vectors and a `dimension`."""
