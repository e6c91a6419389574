# One entry point for people and CI. `make test` is what CI runs (.ci/run).
MVN ?= mvn -B -ntp
JAR := target/ecs-reboot-operator.jar

.PHONY: build test unit control-plane tools demo demo-down demo-nodes demo-rollout bench soak crd fmt clean image image-test

build: ## Build the runnable jar (formats the code, regenerates the CRD)
	$(MVN) package -DskipTests

test: control-plane tools ## Every test tier: unit, operator (mock API server), e2e (real API server)
	$(MVN) verify

unit: ## The tiers that need no real API server (no e2e)
	$(MVN) test

control-plane: ## Build etcd, kube-apiserver, kubectl, kube-controller-manager, kube-scheduler once (cached under ~/.kubeapitest)
	hack/control-plane.sh build

tools: ## Build helm and promtool once (cached under ~/.cache/ecs-reboot-tools), for the chart and alert tests
	hack/tools.sh build

demo: ## Real cluster + ECS emulator (3 simulated nodes) + operator on this machine: instance examples, then a node reboot
	hack/demo.sh up

demo-down: ## Stop what `make demo` started
	hack/demo.sh down

demo-nodes: ## Only the node story of `make demo` (3 simulated nodes, a Deployment + PDB, one node rebooted)
	DEMO_STORIES=nodes hack/demo.sh up

demo-rollout: ## Only the rollout story of `make demo` (a RebootRollout over the 3 nodes, maxUnavailable 1)
	DEMO_STORIES=rollout hack/demo.sh up

crd: build ## Copy the CRD generated from the Java model into crds/ and the Helm chart
	for crd in rebootrequests rebootpolicies rebootrollouts; do \
	  cp target/classes/META-INF/fabric8/$$crd.ecsreboot.io-v1.yml crds/ && \
	  cp crds/$$crd.ecsreboot.io-v1.yml deploy/helm/ecs-reboot-operator/crds/; \
	done

fmt: ## Format the Java sources
	$(MVN) spotless:apply

IMAGE_TAR := target/image/ecs-reboot-operator-image.tar

image: ## Container image as a docker-save tar, no Docker daemon (Jib; base image from Debian packages, cached)
	$(MVN) -Pimage -DskipTests -Dimage.base="$$(hack/base-image.sh)" package jib:buildTar
	@ls -l $(IMAGE_TAR)

image-test: image ## Run the image's entrypoint with `version` inside the image's own file system
	hack/image-test.sh $(IMAGE_TAR)

bench: ## Performance benchmark (about 17 min): builds the jar, prints the tables, writes bench/results/latest.json
	$(MVN) -q package -DskipTests exec:java -Dexec.mainClass=io.ecsreboot.bench.BenchMain \
	  -Dexec.classpathScope=test $(BENCH_OPTS)

SOAK_SEED ?= random
SOAK_REQUESTS ?= 300
SOAK_KILLS ?= 12
SOAK_START_TIME ?= both

soak: control-plane ## Randomized fault soak (about 6 min a mode, both modes): prints its seed; replay with SOAK_SEED=N
	$(MVN) verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=SoakIT \
	  -Dsoak.seed=$(SOAK_SEED) -Dsoak.requests=$(SOAK_REQUESTS) -Dsoak.kills=$(SOAK_KILLS) \
	  -Dsoak.startTime=$(SOAK_START_TIME)

clean:
	$(MVN) clean
