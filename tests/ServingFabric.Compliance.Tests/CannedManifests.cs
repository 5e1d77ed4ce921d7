namespace ServingFabric.Compliance.Tests;

/// <summary>A small but realistic production deployment: what a compliant kustomize render looks like.</summary>
internal static class CannedManifests
{
    public const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: servingfabric-silo-zone-1
        spec:
          template:
            spec:
              topologySpreadConstraints:
                - maxSkew: 1
                  topologyKey: topology.kubernetes.io/zone
              containers:
                - name: silo
                  image: servingfabric/silo:latest
                  env:
                    - name: ServingFabric__Storage__ConnectionStringFile
                      value: /var/run/secrets/servingfabric/storage/connection-string
                  resources:
                    requests: {cpu: "1", memory: 2Gi}
                    limits: {cpu: "2", memory: 2Gi}
                  readinessProbe:
                    httpGet: {path: /v2/health/ready, port: http}
                    periodSeconds: 5
                  livenessProbe:
                    httpGet: {path: /v2/health/live, port: http}
                    periodSeconds: 10
              volumes:
                - name: storage-secret
                  secret:
                    secretName: servingfabric-storage
        """;

    public const string Service = """
        apiVersion: v1
        kind: Service
        metadata:
          name: servingfabric
        spec:
          selector: {app.kubernetes.io/name: servingfabric}
        """;

    public const string Autoscaler = """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: servingfabric-silo-zone-1
        spec:
          minReplicas: 2
          maxReplicas: 6
          metrics:
            - type: Pods
              pods:
                metric: {name: servingfabric_replica_in_flight}
            - type: Resource
              resource: {name: cpu}
            - type: Resource
              resource: {name: memory}
        """;

    public const string DefaultDeny = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: servingfabric-default-deny
        spec:
          podSelector: {}
          policyTypes: [Ingress, Egress]
        """;

    public const string GatewayIngress = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: servingfabric-gateway-ingress
        spec:
          podSelector: {matchLabels: {app.kubernetes.io/name: servingfabric}}
          policyTypes: [Ingress]
          ingress:
            - from:
                - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress}}
              ports:
                - port: 8080
        """;

    public static string All => string.Join("\n---\n", Deployment, Service, Autoscaler, DefaultDeny, GatewayIngress);
}
