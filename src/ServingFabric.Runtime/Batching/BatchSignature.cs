using System.Text;
using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Batching;

/// <summary>
/// The part of a request's inputs that must be equal for requests to share a batch: names, datatypes and every
/// dimension after the first. Variable-length inputs (a sequence length, an image size) thus never mix.
/// </summary>
internal static class BatchSignature
{
    public static string Of(IReadOnlyList<Tensor> inputs)
    {
        var builder = new StringBuilder();
        foreach (var input in inputs.OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            // Length-prefixed so no input name can forge another signature.
            builder.Append(input.Name.Length).Append(':').Append(input.Name)
                .Append('|').Append((int)input.DataType).Append('|');
            for (var d = 1; d < input.Shape.Length; d++)
            {
                builder.Append(input.Shape[d]).Append(',');
            }

            builder.Append(';');
        }

        return builder.ToString();
    }
}
