# One entry point for people and CI. `make test` is what CI runs (.ci/run).
MVN ?= mvn -B -ntp
JAR := target/ecs-reboot-operator.jar

.PHONY: build test unit crd fmt clean bench

build: ## Build the runnable jar (formats the code, regenerates the CRD)
	$(MVN) package -DskipTests

test: ## Every test tier
	$(MVN) verify

crd: build ## Copy the CRD generated from the Java model into crds/
	cp target/classes/META-INF/fabric8/rebootrequests.ecsreboot.io-v1.yml crds/

fmt: ## Format the Java sources
	$(MVN) spotless:apply

bench: ## Performance benchmark (issue 6, ~15 min): builds the jar, prints the tables, writes bench/results/latest.json
	mkdir -p target/classes/META-INF/fabric8  # GenerateCrd does not create it in a fresh checkout
	$(MVN) -q package -DskipTests exec:java -Dexec.mainClass=io.ecsreboot.bench.BenchMain \
	  -Dexec.classpathScope=test $(BENCH_OPTS)

clean:
	$(MVN) clean
