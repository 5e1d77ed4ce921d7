using Microsoft.AspNetCore.Http;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ServingFabric.Perf.Bare;

/// <summary><c>POST /v2/models/{model}/infer</c>: decode the JSON tensors, run the session, encode its outputs.</summary>
internal sealed class BareInferEndpoint(string model, InferenceSession session)
{
    public IResult Handle(BareInferRequest request)
    {
        var inputs = new List<NamedOnnxValue>(request.Inputs.Count);
        foreach (var input in request.Inputs)
        {
            if (input.Datatype != "FP32" || !session.InputMetadata.ContainsKey(input.Name))
            {
                return Results.BadRequest(new BareError($"input '{input.Name}' must be one of the model's FP32 inputs"));
            }

            inputs.Add(NamedOnnxValue.CreateFromTensor(input.Name, new DenseTensor<float>(input.Data, input.Shape)));
        }

        using var results = session.Run(inputs);
        var outputs = new List<BareOutput>(results.Count);
        foreach (var result in results)
        {
            outputs.Add(result.Value switch
            {
                Tensor<float> floats => new BareOutput(result.Name, [.. floats.Dimensions], "FP32", floats.ToArray()),
                Tensor<long> longs => new BareOutput(result.Name, [.. longs.Dimensions], "INT64", longs.ToArray()),
                _ => throw new NotSupportedException($"output '{result.Name}' is neither FP32 nor INT64: the bare server answers only those"),
            });
        }

        return Results.Ok(new BareInferResponse(model, "1", request.Id, outputs));
    }
}
