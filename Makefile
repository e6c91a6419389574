# One entry point for people and CI. `make test` is what CI runs (.ci/run).
MVN ?= mvn -B -ntp
JAR := target/ecs-reboot-operator.jar

.PHONY: build test unit crd fmt clean image image-test

build: ## Build the runnable jar (formats the code, regenerates the CRD)
	$(MVN) package -DskipTests

test: ## Every test tier
	$(MVN) verify

crd: build ## Copy the CRD generated from the Java model into crds/
	cp target/classes/META-INF/fabric8/rebootrequests.ecsreboot.io-v1.yml crds/

fmt: ## Format the Java sources
	$(MVN) spotless:apply

IMAGE_TAR := target/image/ecs-reboot-operator-image.tar

image: ## Container image as a docker-save tar, no Docker daemon (Jib; base image from Debian packages, cached)
	$(MVN) -Pimage -DskipTests -Dimage.base="$$(hack/base-image.sh)" package jib:buildTar
	@ls -l $(IMAGE_TAR)

image-test: image ## Run the image's entrypoint with `version` inside the image's own file system
	hack/image-test.sh $(IMAGE_TAR)

clean:
	$(MVN) clean
