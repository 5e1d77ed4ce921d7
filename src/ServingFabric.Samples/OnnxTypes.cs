using Onnx;
using ServingFabric.Tensors;

namespace ServingFabric.Samples;

/// <summary>ONNX protobuf type descriptions of our datatypes and shapes.</summary>
internal static class OnnxTypes
{
    public static TensorProto.Types.DataType ToOnnx(TensorDataType dataType) => dataType switch
    {
        TensorDataType.Bool => TensorProto.Types.DataType.Bool,
        TensorDataType.UInt8 => TensorProto.Types.DataType.Uint8,
        TensorDataType.UInt16 => TensorProto.Types.DataType.Uint16,
        TensorDataType.UInt32 => TensorProto.Types.DataType.Uint32,
        TensorDataType.UInt64 => TensorProto.Types.DataType.Uint64,
        TensorDataType.Int8 => TensorProto.Types.DataType.Int8,
        TensorDataType.Int16 => TensorProto.Types.DataType.Int16,
        TensorDataType.Int32 => TensorProto.Types.DataType.Int32,
        TensorDataType.Int64 => TensorProto.Types.DataType.Int64,
        TensorDataType.Fp16 => TensorProto.Types.DataType.Float16,
        TensorDataType.Bf16 => TensorProto.Types.DataType.Bfloat16,
        TensorDataType.Fp32 => TensorProto.Types.DataType.Float,
        TensorDataType.Fp64 => TensorProto.Types.DataType.Double,
        TensorDataType.Bytes => TensorProto.Types.DataType.String,
        _ => throw new ArgumentOutOfRangeException(nameof(dataType), dataType, "Unknown tensor datatype."),
    };

    public static ValueInfoProto ValueInfo(string name, TensorDataType dataType, long[] shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)ToOnnx(dataType), Shape = new TensorShapeProto() };
        var symbolic = 0;
        for (var i = 0; i < shape.Length; i++)
        {
            var dim = new TensorShapeProto.Types.Dimension();
            if (shape[i] >= 0)
            {
                dim.DimValue = shape[i];
            }
            else
            {
                // Distinct names for later symbolic dimensions: ONNX treats equal dim_params as equal sizes.
                dim.DimParam = symbolic++ == 0 ? OnnxModelBuilder.BatchDimension : $"dim{i}";
            }

            tensorType.Shape.Dim.Add(dim);
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }
}
