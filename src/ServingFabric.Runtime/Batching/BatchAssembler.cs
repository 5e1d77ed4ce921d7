using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Batching;

/// <summary>Merges the inputs of requests with one signature along the first dimension.</summary>
internal static class BatchAssembler
{
    public static IReadOnlyList<Tensor> Merge(IReadOnlyList<PendingRequest> requests)
    {
        if (requests.Count == 1)
        {
            return requests[0].Inputs;
        }

        var first = requests[0].Inputs;
        var merged = new Tensor[first.Count];
        for (var i = 0; i < first.Count; i++)
        {
            merged[i] = Concatenate(first[i], requests);
        }

        return merged;
    }

    // Row-major layout puts each request's rows after the previous one's, so plain byte copies merge them;
    // BYTES elements carry their own lengths, so their blobs concatenate the same way.
    private static Tensor Concatenate(Tensor template, IReadOnlyList<PendingRequest> requests)
    {
        var parts = new Tensor[requests.Count];
        long rows = 0;
        var bytes = 0;
        for (var r = 0; r < requests.Count; r++)
        {
            parts[r] = Find(requests[r].Inputs, template.Name);
            rows += parts[r].Shape[0];
            bytes = checked(bytes + parts[r].Data.Length);
        }

        // Every byte is copied over below, so the array need not be zeroed first (1.7 MB for 16 images).
        var data = GC.AllocateUninitializedArray<byte>(bytes);
        var offset = 0;
        foreach (var part in parts)
        {
            part.Data.CopyTo(data, offset);
            offset += part.Data.Length;
        }

        var shape = (long[])template.Shape.Clone();
        shape[0] = rows;
        return new Tensor(template.Name, template.DataType, shape, data);
    }

    private static Tensor Find(IReadOnlyList<Tensor> inputs, string name)
    {
        foreach (var input in inputs)
        {
            if (input.Name == name)
            {
                return input;
            }
        }

        // Unreachable: requests share a signature, which holds every input name.
        throw new InvalidOperationException($"Input '{name}' is missing from a request in the batch.");
    }
}
