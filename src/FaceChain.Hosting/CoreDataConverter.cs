using Microsoft.DurableTask;

namespace FaceChain.Hosting;

/// <summary>
/// Lets DurableTask.Core's client serialize inputs and event payloads with the same converter the worker shims use,
/// so what the client writes the orchestrator reads, and vice versa.
/// </summary>
internal sealed class CoreDataConverter(DataConverter converter) : DurableTask.Core.Serializing.DataConverter
{
    public override string Serialize(object value) => converter.Serialize(value) ?? "null";

    public override string Serialize(object value, bool formatted) => Serialize(value);

    public override object Deserialize(string data, Type objectType) => converter.Deserialize(data, objectType)!;
}
