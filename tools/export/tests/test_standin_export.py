"""The export tool's own code path (wrappers, torch.onnx.export, external data, manifest, LoRA mapping, parity fixture)
on the stand-in modules. Run from tools/export: /usr/bin/python3 -m unittest discover -s tests -t ."""
import json
import os
import tempfile
import unittest

import onnx

from facechain_export import __main__ as tool
from facechain_export import contract
from facechain_export.exporter import sha256_file


class StandInExportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.temp = tempfile.TemporaryDirectory()
        cls.out = os.path.join(cls.temp.name, "set")
        assert tool.main(["--stand-in", "--out", cls.out, "--size", "64"]) == 0
        with open(os.path.join(cls.out, "modelset.json"), encoding="utf-8") as stream:
            cls.manifest = json.load(stream)

    @classmethod
    def tearDownClass(cls):
        cls.temp.cleanup()

    def test_every_component_has_the_contract_names_and_dynamic_axes(self):
        # Both ControlNets are written to modelset.json's controlnets map under the names the engine asks for.
        expected = contract.components(32, None, True)
        self.assertEqual(sorted(n for n in expected if contract.controlnet_name(n) is None), sorted(self.manifest["components"]))
        self.assertEqual(["canny", "openpose"], sorted(self.manifest.get("controlnets", {})))
        entries = {**self.manifest["components"],
                   **{contract.controlnet_component(n): e for n, e in self.manifest["controlnets"].items()}}
        for name, entry in entries.items():
            model = onnx.load(os.path.join(self.out, entry["file"]), load_external_data=False)
            inputs = {i.name: [d.dim_param or d.dim_value for d in i.type.tensor_type.shape.dim] for i in model.graph.input}
            self.assertEqual([t["name"] for t in entry["inputs"]], list(inputs), name)
            self.assertEqual([o.name for o in model.graph.output], [t["name"] for t in entry["outputs"]], name)
            for tensor in entry["inputs"]:
                self.assertEqual(len(tensor["shape"]), len(inputs[tensor["name"]]), f"{name}.{tensor['name']}")
                for declared, actual in zip(tensor["shape"], inputs[tensor["name"]]):
                    self.assertEqual(declared, actual, f"{name}.{tensor['name']}")

    def test_the_two_controlnets_are_separate_files_with_different_weights_and_parity(self):
        openpose, canny = self.manifest["controlnets"]["openpose"], self.manifest["controlnets"]["canny"]
        self.assertEqual("controlnet/openpose/model.onnx", openpose["file"])
        self.assertEqual("controlnet/canny/model.onnx", canny["file"])
        self.assertEqual(openpose["inputs"], canny["inputs"])
        self.assertEqual(openpose["outputs"], canny["outputs"])
        # Same architecture, other random weights: a copy of one under two names would have the same data file.
        self.assertNotEqual(openpose["externalData"][0]["sha256"], canny["externalData"][0]["sha256"])
        for entry in (openpose, canny):
            self.assertEqual(sha256_file(os.path.join(self.out, entry["externalData"][0]["file"])), entry["externalData"][0]["sha256"])
        with open(os.path.join(self.out, "parity.json"), encoding="utf-8") as stream:
            parity = json.load(stream)["components"]
        self.assertIn("openpose", parity)
        self.assertIn("canny", parity)
        self.assertNotEqual(parity["openpose"]["outputs"][0]["file"], parity["canny"]["outputs"][0]["file"])

    def test_unet_takes_face_scale_and_the_13_residuals_and_keeps_weights_outside(self):
        unet = self.manifest["components"]["unet"]
        names = [t["name"] for t in unet["inputs"]]
        self.assertEqual(["sample", "timestep", "encoder_hidden_states", "face_tokens", "face_scale"], names[:5])
        self.assertEqual([contract.residual_name(i) for i in range(12)] + [contract.MID_RESIDUAL_NAME], names[5:])
        data = unet["externalData"][0]
        self.assertEqual("unet/model.onnx.data", data["file"])
        self.assertEqual(sha256_file(os.path.join(self.out, data["file"])), data["sha256"])
        model = onnx.load(os.path.join(self.out, unet["file"]), load_external_data=False)
        self.assertTrue(any(i.data_location == onnx.TensorProto.EXTERNAL for i in model.graph.initializer))

    def test_hashes_and_lora_mapping_agree_with_the_files(self):
        with open(os.path.join(self.out, "lora_mapping.json"), encoding="utf-8") as stream:
            mapping = json.load(stream)
        for name, entry in self.manifest["components"].items():
            self.assertEqual(sha256_file(os.path.join(self.out, entry["file"])), entry["sha256"], name)
        self.assertEqual({"unet", "text_encoder"}, set(mapping["components"]))
        unet = mapping["components"]["unet"]
        self.assertEqual(self.manifest["components"]["unet"]["sha256"], unet["sha256"])
        face_projection = unet["modules"]["down_blocks.0.attentions.0.transformer_blocks.0.attn2.processor.linear"]
        self.assertTrue(face_projection["transposed"])
        self.assertEqual([32, 8], face_projection["shape"])
        self.assertIn("down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_q", unet["modules"])
        self.assertIn("text_model.encoder.layers.0.mlp.fc1", mapping["components"]["text_encoder"]["modules"])


if __name__ == "__main__":
    unittest.main()
