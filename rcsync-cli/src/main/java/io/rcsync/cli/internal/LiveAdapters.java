package io.rcsync.cli.internal;

import io.rcsync.cli.CliEnvironment;
import io.rcsync.core.config.SyncConfig;
import io.rcsync.core.domain.ApiCalls;
import java.util.Optional;

/** The real RingCentral and Salesforce adapters. */
public final class LiveAdapters implements AdapterFactory {
  @Override
  public RingCentralPorts ringCentral(SyncConfig config, CliEnvironment env, ApiCalls apiCalls) {
    throw new IllegalStateException("the RingCentral adapter is not part of this build yet");
  }

  @Override
  public SalesforcePorts salesforce(SyncConfig config, Optional<String> targetOrg, CliEnvironment env, ApiCalls apiCalls) {
    throw new IllegalStateException("the Salesforce adapter is not part of this build yet");
  }
}
